using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>Results as JSON Lines (--json) or as a readable report.</summary>
    internal sealed class PermissionResultOutput
    {
        private readonly TextWriter writer;
        private readonly bool json;
        private int written;

        public PermissionResultOutput(TextWriter writer, bool json)
        {
            this.writer = writer;
            this.json = json;
        }

        /// <summary>Writes whichever result a permission test answered.</summary>
        public void Write(object? result)
        {
            switch (result)
            {
                case EvaluationResult evaluation:
                    Write(evaluation);
                    break;
                case LivePermissionResult live:
                    Write(live);
                    break;
                case ScenarioResult scenario:
                    Write(scenario);
                    break;
            }
        }

        public void Write(EvaluationResult result)
        {
            if (Begin())
            {
                writer.WriteLine(EvaluationResultWriter.ToJson(result));
                return;
            }

            Report(result.Decision, result.Action, result.Resource, result.Principal, result.AllowedBy, result.DeniedBy, result.MatchedStatements,
                result.MissingContextKeys, result.Warnings, result.Explanation);
        }

        public void Write(LivePermissionResult result)
        {
            if (Begin())
            {
                writer.WriteLine(JsonSerializer.Serialize(result, CoreJson.Output));
                return;
            }

            Report(result.Decision, result.Action, result.Resource, result.Principal, result.AllowedBy, result.DeniedBy, result.MatchedStatements,
                result.MissingContextKeys, result.Warnings, result.Explanation);
            if (result.SimulatorDecision is PolicyDecision simulated)
            {
                Line("Simulator", simulated + (result.SimulatorAgrees == false ? " (DISAGREES)" : " (agrees)"));
                if (result.SimulatorNote is not null)
                {
                    Line("Simulator note", result.SimulatorNote);
                }
            }
        }

        public void Write(ScenarioResult result)
        {
            if (Begin())
            {
                writer.WriteLine(JsonSerializer.Serialize(result, CoreJson.Output));
                return;
            }

            Line("Scenario", result.Scenario);
            Line("Decision", result.Decision.ToString());
            Line("Principal", result.Principal);
            foreach (EvaluationResult step in result.Results)
            {
                writer.WriteLine("  " + step.Decision.ToString().PadRight(13) + step.Action + " on " + step.Resource);
            }

            Line("Explanation", result.Explanation);
            if (result.MissingPermissionsPolicy is not null)
            {
                writer.WriteLine("Missing permissions as a policy:");
                writer.WriteLine(result.MissingPermissionsPolicy);
            }
        }

        private bool Begin()
        {
            if (!json && written > 0)
            {
                writer.WriteLine();
            }

            written++;
            return json;
        }

        private void Report(
            PolicyDecision decision, string action, string resource, string principal, IReadOnlyList<PolicyType> allowedBy, IReadOnlyList<PolicyType> deniedBy,
            IReadOnlyList<MatchedStatement> matched, IReadOnlyList<string> missing, IReadOnlyList<string> warnings, string explanation)
        {
            Line("Decision", decision.ToString());
            Line("Action", action);
            Line("Resource", resource);
            Line("Principal", principal);
            if (allowedBy.Count > 0)
            {
                Line("AllowedBy", string.Join(", ", allowedBy));
            }

            if (deniedBy.Count > 0)
            {
                Line("DeniedBy", string.Join(", ", deniedBy));
            }

            foreach (MatchedStatement statement in matched)
            {
                Line("Statement", statement.Effect + " " + statement.PolicyType + " " + statement.Policy + " #" + statement.StatementIndex +
                    (statement.Sid is null ? string.Empty : " (" + statement.Sid + ")"));
            }

            if (missing.Count > 0)
            {
                Line("MissingKeys", string.Join(", ", missing));
            }

            foreach (string warning in warnings)
            {
                Line("Warning", warning);
            }

            Line("Explanation", explanation);
        }

        private void Line(string label, string value) => writer.WriteLine((label + ":").PadRight(13) + value);
    }
}
