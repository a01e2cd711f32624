using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Cli
{
    /// <summary>Writes diagnoses as JSON Lines (--json) or as a readable report.</summary>
    internal sealed class DiagnosisOutput
    {
        private readonly TextWriter writer;
        private readonly bool json;
        private int written;

        public DiagnosisOutput(TextWriter writer, bool json)
        {
            this.writer = writer;
            this.json = json;
        }

        public void WriteAll(IEnumerable<AccessErrorDiagnosis> diagnoses)
        {
            foreach (AccessErrorDiagnosis diagnosis in diagnoses)
            {
                Write(diagnosis);
            }
        }

        public void Write(AccessErrorDiagnosis diagnosis)
        {
            diagnosis = diagnosis.RenderedFor(CliRemediationRenderer.Instance);
            if (json)
            {
                writer.WriteLine(JsonSerializer.Serialize(diagnosis, CoreJson.Output));
            }
            else
            {
                if (written > 0)
                {
                    writer.WriteLine();
                }

                WriteReport(diagnosis);
            }

            written++;
        }

        private void WriteReport(AccessErrorDiagnosis d)
        {
            Line("Kind", d.Kind + (d.ErrorCode is null ? string.Empty : " (" + d.ErrorCode + ")"));
            Line("Source", d.Source);
            if (d.PrincipalArn is not null)
            {
                Line("Principal", d.PrincipalArn + " [" + d.PrincipalType + "]");
            }

            if (d.Action is not null)
            {
                string known = d.ActionIsKnown switch { true => "real action", false => "NOT A REAL ACTION", _ => "not in catalog" };
                Line("Action", d.Action + " (" + known + ")");
            }

            Line("Operation", d.Operation);
            Line("Resource", d.Resource);
            Line("Region", d.Region);
            if (d.EventTime is not null)
            {
                Line("Event time", d.EventTime.Value.ToString("u", CultureInfo.InvariantCulture));
            }

            if (d.Recognized && d.Kind is DiagnosisKind.NotAuthorized or DiagnosisKind.AccessDenied)
            {
                Line("Denial", d.DenialType + (d.PolicyType is null ? string.Empty : " (" + d.PolicyType + ")"));
            }

            Line("Policy ARN", d.PolicyArn);
            Line("Cause", d.Cause);
            writer.WriteLine("Fix:");
            for (int i = 0; i < d.Remediation.Count; i++)
            {
                writer.WriteLine("  " + (i + 1).ToString(CultureInfo.InvariantCulture) + ". " + d.Remediation[i]);
            }

            if (d.SuggestedManagedPolicies.Count > 0)
            {
                Line("Managed policies", string.Join(", ", d.SuggestedManagedPolicies));
            }

            Line("Suggested policy", d.SuggestedPolicy);
            Line("Help", "Get-Help " + d.HelpTopic);
        }

        private void Line(string label, string? value)
        {
            if (value is not null)
            {
                writer.WriteLine(label.PadRight(17) + ": " + value);
            }
        }
    }
}
