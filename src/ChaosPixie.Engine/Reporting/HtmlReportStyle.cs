namespace ChaosPixie.Engine.Reporting;

/// <summary>The HTML report's stylesheet, inlined in the page so that it renders offline and from a build artifact.</summary>
internal static class HtmlReportStyle
{
    public const string Css = """
        :root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --unknown: #57606a; --ink: #1f2328; --muted: #59636e;
          --line: #d1d9e0; --soft: #f6f8fa; --bar: #2f81f7; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #eef1f4; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 8px; }
        h1 { font-size: 24px; line-height: 1.25; margin: 0; overflow-wrap: anywhere; }
        h2 { font-size: 16px; margin: 0 0 10px; }
        h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); }
        code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
        .run { background: #fff; border: 1px solid var(--line); border-radius: 10px; margin: 0 0 22px; overflow: hidden; }
        .run > section { padding: 14px 24px; border-top: 1px solid var(--line); }
        .verdict { display: flex; gap: 20px; align-items: center; padding: 18px 24px; border-left: 10px solid var(--tone); background: var(--tint); }
        .badge { flex: none; min-width: 150px; text-align: center; padding: 12px 18px; border-radius: 8px; background: var(--tone); color: #fff;
          font-size: 24px; font-weight: 700; letter-spacing: .02em; }
        .chip { display: inline-block; white-space: nowrap; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--tone); }
        .meaning { margin: 6px 0 0; font-size: 15px; }
        .tone-passed { --tone: var(--pass); --tint: #e9f6ec; }
        .tone-failed { --tone: var(--fail); --tint: #fdeeee; }
        .tone-warning { --tone: var(--warn); --tint: #fcf4dc; }
        .tone-unknown { --tone: var(--unknown); --tint: #f0f2f4; }
        .description { margin: 0; padding: 10px 24px 0; color: var(--muted); overflow-wrap: anywhere; }
        .facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; padding: 10px 24px 14px; }
        .facts div { min-width: 0; }
        .facts dt { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
        .finding { background: #fffafa; }
        .card { border: 1px solid #f1b8b8; border-left: 5px solid var(--fail); border-radius: 8px; padding: 12px 16px; margin: 0 0 10px; background: #fff; }
        .card-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
        .card-head strong { font-size: 16px; overflow-wrap: anywhere; }
        .phase { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        .measure { display: flex; gap: 12px; margin: 10px 0 6px; flex-wrap: wrap; }
        .measure > div { padding: 8px 14px; border-radius: 6px; background: var(--soft); min-width: 180px; max-width: 100%; }
        .measure span { display: block; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .measure b { font-size: 20px; overflow-wrap: anywhere; }
        .measure .measured b { color: var(--fail); }
        .measure .expected b { font-size: 15px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        .explain { margin: 0; overflow-wrap: anywhere; }
        .error { color: var(--fail); }
        table { width: 100%; border-collapse: collapse; table-layout: auto; }
        th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        th { white-space: nowrap; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; }
        tr.missed td, tr.failed td { background: #fff5f5; }
        .num { text-align: right; white-space: nowrap; }
        .nowrap { white-space: nowrap; }
        td.name { min-width: 200px; }
        .ok { color: var(--pass); font-weight: 600; }
        .bad { color: var(--fail); font-weight: 600; }
        .warn { color: var(--warn); font-weight: 600; }
        .note { color: var(--muted); margin: 6px 0 0; }
        .timeline { display: grid; grid-template-columns: minmax(160px, 260px) 1fr; gap: 3px 12px; align-items: center; }
        .tl-phase { grid-column: 1 / -1; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; margin-top: 8px; }
        .tl-label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .tl-label small { color: var(--muted); }
        .tl-track { position: relative; height: 16px; background: var(--soft); border-radius: 3px; }
        .bar { position: absolute; top: 2px; height: 12px; min-width: 3px; border-radius: 3px; background: var(--bar); }
        .bar.s-succeeded { background: var(--bar); }
        .bar.s-toleranceMissed, .bar.s-failed { background: var(--fail); }
        .bar.s-interrupted { background: var(--unknown); }
        .axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 11px; }
        .legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); margin-top: 8px; }
        .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
        .overview { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 24px; margin-bottom: 22px; }
        .overview .chip { font-size: 13px; padding: 2px 10px; }
        footer { max-width: 1180px; margin: 0 auto; padding: 0 24px 24px; color: var(--muted); font-size: 12px; }
        a { color: #0969da; }
        """;
}
