namespace ChaosPixie.Engine.Pixie;

/// <summary>What a Pixie column means (vizierpb.SemanticType, same values); a formatting hint, not a storage type.</summary>
public enum PixieSemanticType
{
    Unspecified = 0,
    None = 1,
    TimeNS = 2,
    AgentUid = 100,
    Asid = 101,
    Upid = 200,
    ServiceName = 300,
    PodName = 400,
    PodPhase = 401,
    PodStatus = 402,
    NodeName = 500,
    ContainerName = 600,
    ContainerState = 601,
    ContainerStatus = 602,
    NamespaceName = 700,
    Bytes = 800,
    Percent = 900,
    DurationNS = 901,
    ThroughputPerNS = 902,
    ThroughputBytesPerNS = 903,
    Quantiles = 1000,
    DurationNSQuantiles = 1001,
    IPAddress = 1100,
    Port = 1200,
    HttpReqMethod = 1300,
    HttpRespStatus = 1400,
    HttpRespMessage = 1500,
    ScriptReference = 3000,
}
