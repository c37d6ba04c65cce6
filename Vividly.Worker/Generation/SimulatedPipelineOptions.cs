using System.ComponentModel.DataAnnotations;

namespace Vividly.Worker.Generation;

public sealed class SimulatedPipelineOptions
{
    [Range(0, 600_000)]
    [ConfigurationKeyName("SIMULATED_STAGE_MS")]
    public int StageMilliseconds { get; set; } = 1500;

    [Range(0.0, 1.0)]
    [ConfigurationKeyName("SIMULATED_FAILURE_RATE")]
    public double FailureRate { get; set; }
}
