using System;
using System.Globalization;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Reads a diagnosis written as JSON (resolve-access-error --json) back for the grant path. Only the facts are
    /// read (principal, action, resource, denial and policy type, error code, operation); the advice, whether a grant
    /// helps and the statements are worked out again, so a line cannot carry statements of its own into a grant.
    /// </summary>
    public static class DiagnosisJsonReader
    {
        private static readonly Lazy<RemediationAdvisor> Advisor = new Lazy<RemediationAdvisor>(() => new RemediationAdvisor(IamCatalog.Default));

        /// <summary>The diagnosis the line describes; <see cref="InvalidInputException"/> naming <paramref name="source"/> when it is not one.</summary>
        public static AccessErrorDiagnosis Read(string line, string source)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line ?? string.Empty);
            }
            catch (JsonException ex)
            {
                throw new InvalidInputException(source + " is not JSON (" + ex.Message + "); expected one diagnosis per line, as the access-error resolver writes them in JSON.", source, ex);
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Kind", out _))
                {
                    throw new InvalidInputException(source + " is not a diagnosis: expected an object with Kind, PrincipalArn, Action and Resource, as the access-error resolver writes in JSON.", source);
                }

                var draft = new DiagnosisDraft(source)
                {
                    Kind = Enum<DiagnosisKind>(root, "Kind") ?? DiagnosisKind.Unrecognized,
                    ErrorCode = Text(root, "ErrorCode"),
                    Operation = Text(root, "Operation"),
                    AccountId = Text(root, "AccountId"),
                    Action = Text(root, "Action"),
                    Resource = Text(root, "Resource"),
                    Region = Text(root, "Region"),
                    DenialType = Enum<DenialType>(root, "DenialType") ?? DenialType.Unknown,
                    PolicyType = Enum<PolicyType>(root, "PolicyType"),
                    PolicyArn = Text(root, "PolicyArn"),
                    Message = Text(root, "Message"),
                    EncodedMessage = Text(root, "EncodedMessage"),
                    EventId = Text(root, "EventId"),
                };
                if (Text(root, "PrincipalArn") is string principal && PrincipalIdentity.TryParse(principal, out PrincipalIdentity? identity))
                {
                    draft.Principal = identity;
                }

                if (Text(root, "EventTime") is string time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
                {
                    draft.EventTime = at;
                }

                Advisor.Value.Advise(draft);
                return draft.Build();
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static T? Enum<T>(JsonElement root, string name)
            where T : struct
        {
            string? text = Text(root, name);
            return text is not null && System.Enum.TryParse(text, ignoreCase: false, out T value) && System.Enum.IsDefined(typeof(T), value) ? value : null;
        }
    }
}
