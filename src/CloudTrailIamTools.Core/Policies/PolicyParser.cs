using System;
using System.Collections.Generic;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Policies
{
    /// <summary>Validates policy JSON against the IAM grammar and builds the compiled model; every error names its path.</summary>
    internal static class PolicyParser
    {
        private static readonly string[] TopLevelElements = { "Version", "Id", "Statement" };

        private static readonly string[] StatementElements =
        {
            "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
        };

        private static readonly string[] PrincipalKinds = { "AWS", "Service", "Federated", "CanonicalUser" };

        public static PolicyDocument Parse(JsonElement root, string? name, string label)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(label, string.Empty, "the document must be a JSON object, not " + Describe(root.ValueKind));
            }

            string version = PolicyDocument.Version2008;
            string? id = null;
            JsonElement? statementElement = null;
            foreach (JsonProperty property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "Version":
                        string versionText = ReadString(property.Value, label, "Version");
                        if (versionText != PolicyDocument.Version2012 && versionText != PolicyDocument.Version2008)
                        {
                            throw Error(label, "Version", "'" + versionText + "' is not a policy language version (use 2012-10-17 or 2008-10-17)");
                        }

                        version = versionText;
                        break;
                    case "Id":
                        id = ReadString(property.Value, label, "Id");
                        break;
                    case "Statement":
                        statementElement = property.Value;
                        break;
                    default:
                        throw Error(label, property.Name, UnknownElement(property.Name, TopLevelElements));
                }
            }

            if (statementElement is null)
            {
                throw Error(label, string.Empty, "the document has no Statement element");
            }

            bool allowVariables = version == PolicyDocument.Version2012;
            var statements = new List<PolicyStatement>();
            JsonElement statementValue = statementElement.Value;
            if (statementValue.ValueKind == JsonValueKind.Object)
            {
                statements.Add(ParseStatement(statementValue, 0, "Statement", label, allowVariables));
            }
            else if (statementValue.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (JsonElement item in statementValue.EnumerateArray())
                {
                    string path = "Statement[" + index + "]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw Error(label, path, "a statement must be a JSON object, not " + Describe(item.ValueKind));
                    }

                    statements.Add(ParseStatement(item, index, path, label, allowVariables));
                    index++;
                }
            }
            else
            {
                throw Error(label, "Statement", "must be a statement object or an array of them, not " + Describe(statementValue.ValueKind));
            }

            return new PolicyDocument(name, version, id, statements.ToArray());
        }

        private static PolicyStatement ParseStatement(JsonElement element, int index, string path, string label, bool allowVariables)
        {
            string? sid = null;
            PolicyEffect? effect = null;
            string[]? actions = null;
            string[]? notActions = null;
            string[]? resources = null;
            string[]? notResources = null;
            PolicyPrincipal? principal = null;
            PolicyPrincipal? notPrincipal = null;
            PolicyCondition[] conditions = Array.Empty<PolicyCondition>();
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string elementPath = path + "." + property.Name;
                switch (property.Name)
                {
                    case "Sid":
                        sid = ReadString(property.Value, label, elementPath);
                        break;
                    case "Effect":
                        string effectText = ReadString(property.Value, label, elementPath);
                        effect = effectText switch
                        {
                            "Allow" => PolicyEffect.Allow,
                            "Deny" => PolicyEffect.Deny,
                            _ => throw Error(label, elementPath, "'" + effectText + "' is not an effect (use Allow or Deny)"),
                        };
                        break;
                    case "Action":
                        actions = ReadActions(property.Value, label, elementPath);
                        break;
                    case "NotAction":
                        notActions = ReadActions(property.Value, label, elementPath);
                        break;
                    case "Resource":
                        resources = ReadStringList(property.Value, label, elementPath);
                        break;
                    case "NotResource":
                        notResources = ReadStringList(property.Value, label, elementPath);
                        break;
                    case "Principal":
                        principal = ReadPrincipal(property.Value, label, elementPath);
                        break;
                    case "NotPrincipal":
                        notPrincipal = ReadPrincipal(property.Value, label, elementPath);
                        break;
                    case "Condition":
                        conditions = ReadConditions(property.Value, label, elementPath, allowVariables);
                        break;
                    default:
                        throw Error(label, elementPath, UnknownElement(property.Name, StatementElements));
                }
            }

            if (effect is null)
            {
                throw Error(label, path, "the statement has no Effect");
            }

            if (actions is not null && notActions is not null)
            {
                throw Error(label, path, "a statement cannot have both Action and NotAction");
            }

            if (actions is null && notActions is null)
            {
                throw Error(label, path, "the statement has neither Action nor NotAction");
            }

            if (resources is not null && notResources is not null)
            {
                throw Error(label, path, "a statement cannot have both Resource and NotResource");
            }

            if (principal is not null && notPrincipal is not null)
            {
                throw Error(label, path, "a statement cannot have both Principal and NotPrincipal");
            }

            var statement = new PolicyStatement(
                index,
                sid,
                effect.Value,
                actions ?? notActions!,
                notActions is not null,
                resources ?? notResources,
                notResources is not null,
                principal ?? notPrincipal,
                notPrincipal is not null,
                conditions,
                allowVariables);
            if (statement.ResourceError is not null)
            {
                throw Error(label, path + (notResources is not null ? ".NotResource" : ".Resource"), statement.ResourceError);
            }

            return statement;
        }

        private static string[] ReadActions(JsonElement value, string label, string path)
        {
            string[] actions = ReadStringList(value, label, path);
            for (int i = 0; i < actions.Length; i++)
            {
                string action = actions[i];
                int colon = action.IndexOf(':');
                if (action != "*" && (colon <= 0 || colon == action.Length - 1 || action.IndexOf(' ') >= 0))
                {
                    throw Error(label, value.ValueKind == JsonValueKind.Array ? path + "[" + i + "]" : path, "'" + action + "' is not an action (use service:Action or *)");
                }
            }

            return actions;
        }

        private static PolicyPrincipal ReadPrincipal(JsonElement value, string label, string path)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                if (value.GetString() != "*")
                {
                    throw Error(label, path, "a principal given as a string must be \"*\"; name others as {\"AWS\": ...}, {\"Service\": ...}, {\"Federated\": ...} or {\"CanonicalUser\": ...}");
                }

                return new PolicyPrincipal(true, Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Error(label, path, "must be \"*\" or an object, not " + Describe(value.ValueKind));
            }

            string[] aws = Array.Empty<string>();
            string[] service = Array.Empty<string>();
            string[] federated = Array.Empty<string>();
            string[] canonical = Array.Empty<string>();
            foreach (JsonProperty property in value.EnumerateObject())
            {
                string kindPath = path + "." + property.Name;
                switch (property.Name)
                {
                    case "AWS":
                        aws = ReadStringList(property.Value, label, kindPath);
                        break;
                    case "Service":
                        service = ReadStringList(property.Value, label, kindPath);
                        break;
                    case "Federated":
                        federated = ReadStringList(property.Value, label, kindPath);
                        break;
                    case "CanonicalUser":
                        canonical = ReadStringList(property.Value, label, kindPath);
                        break;
                    default:
                        throw Error(label, kindPath, UnknownElement(property.Name, PrincipalKinds));
                }
            }

            return new PolicyPrincipal(false, aws, service, federated, canonical);
        }

        private static PolicyCondition[] ReadConditions(JsonElement value, string label, string path, bool allowVariables)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Error(label, path, "must be an object of condition operators, not " + Describe(value.ValueKind));
            }

            var conditions = new List<PolicyCondition>();
            foreach (JsonProperty operatorProperty in value.EnumerateObject())
            {
                string operatorPath = path + "." + operatorProperty.Name;
                if (!PolicyCondition.TryParseOperator(operatorProperty.Name, out ConditionOperatorKind kind, out ConditionSetOperator setOperator, out bool ifExists))
                {
                    throw Error(label, operatorPath, "'" + operatorProperty.Name + "' is not a condition operator");
                }

                if (operatorProperty.Value.ValueKind != JsonValueKind.Object)
                {
                    throw Error(label, operatorPath, "must be an object of condition keys and values, not " + Describe(operatorProperty.Value.ValueKind));
                }

                foreach (JsonProperty keyProperty in operatorProperty.Value.EnumerateObject())
                {
                    string keyPath = operatorPath + "." + keyProperty.Name;
                    if (keyProperty.Name.Length == 0)
                    {
                        throw Error(label, keyPath, "a condition key cannot be empty");
                    }

                    string[] values = ReadConditionValues(keyProperty.Value, label, keyPath);
                    var condition = new PolicyCondition(operatorProperty.Name, kind, setOperator, ifExists, keyProperty.Name, values, allowVariables);
                    if (condition.CompileError is not null)
                    {
                        throw Error(label, keyPath, condition.CompileError + " (operator " + kind + ")");
                    }

                    conditions.Add(condition);
                }
            }

            return conditions.ToArray();
        }

        private static string[] ReadConditionValues(JsonElement value, string label, string path)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                var values = new string[value.GetArrayLength()];
                int i = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    values[i] = ReadScalar(item, label, path + "[" + i + "]");
                    i++;
                }

                return values;
            }

            return new[] { ReadScalar(value, label, path) };
        }

        private static string ReadScalar(JsonElement value, string label, string path) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw Error(label, path, "a condition value must be a string, number or boolean, not " + Describe(value.ValueKind)),
        };

        private static string[] ReadStringList(JsonElement value, string label, string path)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return new[] { value.GetString()! };
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Error(label, path, "must be a string or an array of strings, not " + Describe(value.ValueKind));
            }

            var values = new string[value.GetArrayLength()];
            if (values.Length == 0)
            {
                throw Error(label, path, "must not be an empty array");
            }

            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Error(label, path + "[" + i + "]", "must be a string, not " + Describe(item.ValueKind));
                }

                values[i++] = item.GetString()!;
            }

            return values;
        }

        private static string ReadString(JsonElement value, string label, string path)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                throw Error(label, path, "must be a string, not " + Describe(value.ValueKind));
            }

            return value.GetString()!;
        }

        private static string UnknownElement(string name, string[] known)
        {
            foreach (string candidate in known)
            {
                if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
                {
                    return "unknown element '" + name + "' (element names are case-sensitive: use '" + candidate + "')";
                }
            }

            return "unknown element '" + name + "' (expected one of " + string.Join(", ", known) + ")";
        }

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True => "a boolean",
            JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };

        private static PolicyFormatException Error(string label, string path, string problem) => new PolicyFormatException(label, path, problem);
    }
}
