using System;
using System.Collections.Generic;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Reads the JSON that sts:DecodeAuthorizationMessage returns:
    /// {"allowed": false, "explicitDeny": true, "matchedStatements": {"items": [...]}, "failures": {"items": [...]},
    ///  "context": {"principal": {"id", "name", "arn"}, "action", "resource", "conditions": {"items": [{"key", "values": {"items": [{"value"}]}}]}}}.
    /// </summary>
    internal static class DecodedAuthorizationMessageReader
    {
        private static readonly string[] RegionKeys = { "aws:RequestedRegion", "ec2:Region" };

        public static void Read(string decodedJson, DiagnosisDraft draft)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(decodedJson);
            }
            catch (JsonException exception)
            {
                draft.Kind = DiagnosisKind.Unrecognized;
                draft.UnrecognizedReason = "The decoded authorization message is not valid JSON (" + exception.Message + ").";
                return;
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("context", out JsonElement context) || context.ValueKind != JsonValueKind.Object)
                {
                    draft.Kind = DiagnosisKind.Unrecognized;
                    draft.UnrecognizedReason = "The decoded authorization message has no 'context' object naming the principal, action and resource.";
                    return;
                }

                if (Bool(root, "allowed") == true)
                {
                    draft.Kind = DiagnosisKind.Unrecognized;
                    draft.UnrecognizedReason = "The decoded authorization message says the request was allowed, so there is no denial to explain.";
                    return;
                }

                if (context.TryGetProperty("principal", out JsonElement principal) && principal.ValueKind == JsonValueKind.Object &&
                    String(principal, "arn") is string arn && PrincipalIdentity.TryParse(arn, out PrincipalIdentity? identity))
                {
                    draft.Principal = identity;
                    draft.AccountId ??= identity.AccountId;
                }

                draft.Action = String(context, "action") ?? draft.Action;
                draft.ActionInferred = false;
                draft.Resource = String(context, "resource") ?? draft.Resource;
                draft.Region = ConditionValue(context, RegionKeys) ?? draft.Region;
                draft.DenialType = Bool(root, "explicitDeny") == true ? DenialType.Explicit : DenialType.Implicit;
                draft.Kind = draft.Action is null ? DiagnosisKind.AccessDenied : DiagnosisKind.NotAuthorized;
                if (draft.DenialType == DenialType.Explicit && DenyingStatement(root) is string statement)
                {
                    draft.Message = (draft.Message is null ? string.Empty : draft.Message + " ") + "Denied by statement " + statement + ".";
                }
            }
        }

        /// <summary>The first matched Deny statement's id (and its policy, when given).</summary>
        private static string? DenyingStatement(JsonElement root)
        {
            foreach (JsonElement statement in Items(root, "matchedStatements"))
            {
                if (statement.ValueKind == JsonValueKind.Object && string.Equals(String(statement, "effect"), "DENY", StringComparison.OrdinalIgnoreCase))
                {
                    return String(statement, "statementId") ?? "(no Sid)";
                }
            }

            return null;
        }

        private static string? ConditionValue(JsonElement context, IReadOnlyList<string> keys)
        {
            foreach (JsonElement condition in Items(context, "conditions"))
            {
                if (condition.ValueKind != JsonValueKind.Object || String(condition, "key") is not string key)
                {
                    continue;
                }

                foreach (string wanted in keys)
                {
                    if (string.Equals(key, wanted, StringComparison.OrdinalIgnoreCase) && condition.TryGetProperty("values", out _))
                    {
                        foreach (JsonElement value in Items(condition, "values"))
                        {
                            if (value.ValueKind == JsonValueKind.Object && String(value, "value") is string text)
                            {
                                return text;
                            }
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>AWS writes lists as {"items": [...]}; a bare array is accepted too.</summary>
        private static IEnumerable<JsonElement> Items(JsonElement owner, string name)
        {
            if (!owner.TryGetProperty(name, out JsonElement list))
            {
                yield break;
            }

            if (list.ValueKind == JsonValueKind.Object && list.TryGetProperty("items", out JsonElement items))
            {
                list = items;
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                yield break;
            }

            foreach (JsonElement item in list.EnumerateArray())
            {
                yield return item;
            }
        }

        private static string? String(JsonElement owner, string name) =>
            owner.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is string text && text.Length > 0 ? text : null;

        private static bool? Bool(JsonElement owner, string name)
        {
            if (!owner.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out bool parsed) => parsed,
                _ => null,
            };
        }
    }
}
