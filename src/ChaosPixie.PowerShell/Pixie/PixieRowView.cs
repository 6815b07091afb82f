using System.Runtime.CompilerServices;
using System.Text;
using ChaosPixie.Engine.Pixie;

namespace ChaosPixie;

/// <summary>
/// The default view of rows (ChaosPixie.Format.ps1xml): one line per row under a header per table, every value
/// with its unit (<see cref="PixieValueText"/>). The layout is made once per relation from its columns, so a row costs
/// its formatting only, and only when it is shown; the rows themselves keep Pixie's raw values.
/// </summary>
public static class PixieRowView
{
    private const int MaxWidth = 40;
    private static readonly ConditionalWeakTable<PixieTable, Layout> Layouts = new();

    /// <summary>What the view groups rows by: a new header starts when the table changes.</summary>
    public static object Group(PixieRow row) => row.GetTable();

    /// <summary>The header of a table: its name, the column names and a rule under them.</summary>
    public static string Header(PixieRow row)
    {
        var table = row.GetTable();
        var layout = LayoutOf(table);
        return $"Table: {PixieNames.Short(table.Name)}{Environment.NewLine}{Environment.NewLine}{layout.Names}{Environment.NewLine}{layout.Rule}";
    }

    /// <summary>One row's values, each with its unit, in the table's columns.</summary>
    public static string Line(PixieRow row)
    {
        var table = row.GetTable();
        var layout = LayoutOf(table);
        var line = new StringBuilder();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var text = PixieValueText.Format(table.Columns[i], row.GetValue(i));
            line.Append(layout.Cell(i, text));
        }

        return line.ToString().TrimEnd();
    }

    private static Layout LayoutOf(PixieTable table) => Layouts.GetValue(table, t => new Layout(t.Columns));

    private sealed class Layout
    {
        private readonly int[] _widths;
        private readonly bool[] _right;

        public Layout(IReadOnlyList<PixieColumn> columns)
        {
            _widths = columns.Select(c => Math.Min(MaxWidth, Math.Max(c.Name.Length, PixieValueText.TypicalWidth(c)))).ToArray();
            _right = columns.Select(PixieValueText.IsNumeric).ToArray();
            Names = string.Concat(columns.Select((c, i) => Cell(i, c.Name))).TrimEnd();
            Rule = string.Concat(columns.Select((c, i) => Cell(i, new string('-', Math.Min(c.Name.Length, _widths[i]))))).TrimEnd();
        }

        public string Names { get; }

        public string Rule { get; }

        // The last column takes what it needs; the others are cut to their width with an ellipsis.
        public string Cell(int ordinal, string text)
        {
            var last = ordinal == _widths.Length - 1;
            var width = _widths[ordinal];
            if (last)
            {
                return _right[ordinal] ? text.PadLeft(width) : text;
            }

            if (text.Length > width)
            {
                text = string.Concat(text.AsSpan(0, width - 1), "…");
            }

            return (_right[ordinal] ? text.PadLeft(width) : text.PadRight(width)) + " ";
        }
    }
}
