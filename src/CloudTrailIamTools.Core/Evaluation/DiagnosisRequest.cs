using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Reads a diagnosis (a line of resolve-access-error --json, marked by its Recognized property) as a request: the
    /// principal, action and resource it names, and the context it knows (aws:RequestedRegion from Region,
    /// aws:CurrentTime from EventTime). It carries no policies: the principal's own come from IAM in a live test.
    /// </summary>
    internal static class DiagnosisRequest
    {
        /// <summary>Whether <paramref name="root"/> is a diagnosis rather than a request.</summary>
        public static bool IsDiagnosis(JsonElement root) => root.TryGetProperty("Recognized", out _);

        /// <exception cref="InvalidInputException">The diagnosis names no principal or no action.</exception>
        public static EvaluationRequest Read(JsonElement root)
        {
            string? action = Text(root, "Action");
            if (action is null)
            {
                throw new InvalidInputException(
                    "The diagnosis names no action to re-test (" + (Text(root, "Cause") ?? "unrecognized input") + ")", "Action");
            }

            string principal = Text(root, "PrincipalArn") ?? throw new InvalidInputException("The diagnosis names no principal to re-test.", "PrincipalArn");
            string? region = Text(root, "Region");
            var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            if (region is not null)
            {
                context["aws:RequestedRegion"] = new[] { region };
            }

            if (Text(root, "EventTime") is string time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
            {
                context["aws:CurrentTime"] = new[] { at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
            }

            // A message names a trail by its bare name; policies match ARNs.
            string resource = Text(root, "Resource") ?? "*";
            if (PrincipalIdentity.TryParse(principal, out PrincipalIdentity? identity))
            {
                resource = ResourceArnBuilder.Qualify(IamCatalog.Default, action, resource, identity.Partition, identity.AccountId, region);
            }

            return new EvaluationRequest(action, principal)
            {
                Resource = resource,
                Context = context.Count == 0 ? null : context,
            };
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
    }
}
