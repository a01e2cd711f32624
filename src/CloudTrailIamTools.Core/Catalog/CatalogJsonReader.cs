using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>What the catalog file holds, before indexing.</summary>
    internal sealed class CatalogContent
    {
        public string Version { get; set; } = string.Empty;

        public List<ServiceContent> Services { get; } = new List<ServiceContent>();

        public List<ManagedPolicyInfo> ManagedPolicies { get; } = new List<ManagedPolicyInfo>();

        public List<RetiredPolicyInfo> RetiredPolicies { get; } = new List<RetiredPolicyInfo>();

        public List<ScenarioInfo> Scenarios { get; } = new List<ScenarioInfo>();
    }

    internal sealed class ServiceContent
    {
        public ServiceContent(string prefix, string? name, IReadOnlyList<ResourceTypeInfo> resourceTypes, IReadOnlyList<ConditionKeyInfo> conditionKeys, IReadOnlyList<ActionInfo> actions)
        {
            Prefix = prefix;
            Name = name;
            ResourceTypes = resourceTypes;
            ConditionKeys = conditionKeys;
            Actions = actions;
        }

        public string Prefix { get; }

        public string? Name { get; }

        public IReadOnlyList<ResourceTypeInfo> ResourceTypes { get; }

        public IReadOnlyList<ConditionKeyInfo> ConditionKeys { get; }

        public IReadOnlyList<ActionInfo> Actions { get; }
    }

    /// <summary>
    /// Streams the catalog JSON (written by tools/catalog/generate-catalog.mjs) with Utf8JsonReader: one pass,
    /// no DOM, repeated strings shared. Unknown properties are skipped so newer files still load.
    /// Throws <see cref="JsonException"/> or <see cref="FormatException"/> on malformed input; the caller wraps them.
    /// </summary>
    internal static class CatalogJsonReader
    {
        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyContext =
            new Dictionary<string, IReadOnlyList<string>>(0);

        public static CatalogContent Read(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            var strings = new StringPool();
            var content = new CatalogContent();
            bool sawVersion = false;
            bool sawServices = false;

            ReadToken(ref reader, JsonTokenType.StartObject, "the catalog");
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "version":
                        content.Version = ReadString(ref reader, "version");
                        sawVersion = true;
                        break;
                    case "services":
                        ReadToken(ref reader, JsonTokenType.StartArray, "services");
                        while (NextElement(ref reader, "services"))
                        {
                            content.Services.Add(ReadService(ref reader, strings));
                        }

                        sawServices = true;
                        break;
                    case "managedPolicies":
                        ReadToken(ref reader, JsonTokenType.StartArray, "managedPolicies");
                        while (NextElement(ref reader, "managedPolicies"))
                        {
                            content.ManagedPolicies.Add(ReadManagedPolicy(ref reader));
                        }

                        break;
                    case "retiredPolicies":
                        ReadToken(ref reader, JsonTokenType.StartArray, "retiredPolicies");
                        while (NextElement(ref reader, "retiredPolicies"))
                        {
                            content.RetiredPolicies.Add(ReadRetiredPolicy(ref reader));
                        }

                        break;
                    case "scenarios":
                        ReadToken(ref reader, JsonTokenType.StartArray, "scenarios");
                        while (NextElement(ref reader, "scenarios"))
                        {
                            content.Scenarios.Add(ReadScenario(ref reader, strings));
                        }

                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            if (!sawVersion || !sawServices)
            {
                throw new FormatException("the catalog lacks its 'version' or 'services' property");
            }

            return content;
        }

        private static ServiceContent ReadService(ref Utf8JsonReader reader, StringPool strings)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a service");
            string? prefix = null;
            string? name = null;
            var resourceTypes = new List<(string Name, string[] Arns, string[] Keys)>();
            var conditionKeys = new List<ConditionKeyInfo>();
            var actions = new List<(string Name, string Access, List<(string Name, bool Required, string[] Keys)>? Types, string[] Keys)>();
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "prefix":
                        prefix = ReadString(ref reader, "service prefix");
                        break;
                    case "name":
                        name = ReadString(ref reader, "service name");
                        break;
                    case "resourceTypes":
                        ReadToken(ref reader, JsonTokenType.StartArray, "resourceTypes");
                        while (NextElement(ref reader, "resourceTypes"))
                        {
                            resourceTypes.Add(ReadServiceResourceType(ref reader, strings));
                        }

                        break;
                    case "conditionKeys":
                        ReadToken(ref reader, JsonTokenType.StartArray, "conditionKeys");
                        while (NextElement(ref reader, "conditionKeys"))
                        {
                            conditionKeys.Add(ReadConditionKey(ref reader, strings));
                        }

                        break;
                    case "actions":
                        ReadToken(ref reader, JsonTokenType.StartArray, "actions");
                        while (NextElement(ref reader, "actions"))
                        {
                            try
                            {
                                actions.Add(ReadAction(ref reader, strings));
                            }
                            catch (FormatException ex)
                            {
                                throw new FormatException("service " + (prefix ?? "(no prefix yet)") + ", action #" + (actions.Count + 1) + ": " + ex.Message, ex);
                            }
                        }

                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            if (prefix is null)
            {
                throw new FormatException("a service lacks its 'prefix'");
            }

            prefix = strings.Intern(prefix);
            var types = new ResourceTypeInfo[resourceTypes.Count];
            var typesByName = new Dictionary<string, ResourceTypeInfo>(types.Length, StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < types.Length; i++)
            {
                var (typeName, arns, keys) = resourceTypes[i];
                types[i] = new ResourceTypeInfo(prefix, typeName, arns, keys);
                typesByName[typeName] = types[i];
            }

            var actionInfos = new ActionInfo[actions.Count];
            for (int i = 0; i < actionInfos.Length; i++)
            {
                var (actionName, access, actionTypes, keys) = actions[i];
                ActionResourceType[] usedTypes = actionTypes is null ? Array.Empty<ActionResourceType>() : new ActionResourceType[actionTypes.Count];
                for (int j = 0; j < usedTypes.Length; j++)
                {
                    var (typeName, required, typeKeys) = actionTypes![j];
                    IReadOnlyList<string> arns = typesByName.TryGetValue(typeName, out ResourceTypeInfo? type) ? type.ArnFormats : Array.Empty<string>();
                    usedTypes[j] = new ActionResourceType(typeName, required, arns, typeKeys);
                }

                actionInfos[i] = new ActionInfo(prefix, actionName, access, usedTypes, keys);
            }

            return new ServiceContent(prefix, name, types, conditionKeys.ToArray(), actionInfos);
        }

        private static (string Name, string[] Arns, string[] Keys) ReadServiceResourceType(ref Utf8JsonReader reader, StringPool strings)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a resource type");
            string? name = null;
            string[] arns = Array.Empty<string>();
            string[] keys = Array.Empty<string>();
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "name":
                        name = strings.Intern(ReadString(ref reader, "resource type name"));
                        break;
                    case "arnFormats":
                        arns = ReadStringArray(ref reader, strings, "arnFormats");
                        break;
                    case "conditionKeys":
                        keys = ReadStringArray(ref reader, strings, "resource type conditionKeys");
                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            return (name ?? throw new FormatException("a resource type lacks its 'name'"), arns, keys);
        }

        private static ConditionKeyInfo ReadConditionKey(ref Utf8JsonReader reader, StringPool strings)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a condition key");
            string? name = null;
            string? type = null;
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "name":
                        name = strings.Intern(ReadString(ref reader, "condition key name"));
                        break;
                    case "type":
                        type = strings.Intern(ReadString(ref reader, "condition key type"));
                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            return new ConditionKeyInfo(name ?? throw new FormatException("a condition key lacks its 'name'"), type);
        }

        /// <summary>
        /// An action is a compact array (see generate-catalog.mjs): [name, accessLevel, resourceTypes?, conditionKeys?],
        /// where a resource type is "name", "name*" (required) or ["name" or "name*", conditionKey, ...].
        /// </summary>
        private static (string Name, string Access, List<(string Name, bool Required, string[] Keys)>? Types, string[] Keys) ReadAction(ref Utf8JsonReader reader, StringPool strings)
        {
            Expect(ref reader, JsonTokenType.StartArray, "an action");
            string name = ReadString(ref reader, "action name");
            ReadToken(ref reader, JsonTokenType.String, "an action's accessLevel");
            string access = strings.Intern(ref reader);
            List<(string Name, bool Required, string[] Keys)>? types = null;
            string[] keys = Array.Empty<string>();

            Read(ref reader, "an action");
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (NextElement(ref reader, "an action's resource types"))
                {
                    (types ??= new List<(string Name, bool Required, string[] Keys)>(2)).Add(ReadActionResourceType(ref reader, strings));
                }

                Read(ref reader, "an action");
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    keys = ReadStringArrayElements(ref reader, strings, "an action's condition keys");
                    Read(ref reader, "an action");
                }
            }

            // Later formats may append parts; skip them.
            while (reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                Read(ref reader, "an action");
            }

            return (name, access, types, keys);
        }

        private static (string Name, bool Required, string[] Keys) ReadActionResourceType(ref Utf8JsonReader reader, StringPool strings)
        {
            string[] keys = Array.Empty<string>();
            string marked;
            if (reader.TokenType == JsonTokenType.String)
            {
                marked = strings.Intern(ref reader);
            }
            else
            {
                Expect(ref reader, JsonTokenType.StartArray, "an action's resource type");
                ReadToken(ref reader, JsonTokenType.String, "an action's resource type");
                marked = strings.Intern(ref reader);
                keys = ReadStringArrayElements(ref reader, strings, "an action's resource type condition keys");
            }

            bool required = marked.Length > 1 && marked[marked.Length - 1] == '*';
            string name = required ? strings.Intern(marked.Substring(0, marked.Length - 1)) : marked;
            return (name, required, keys);
        }

        private static ManagedPolicyInfo ReadManagedPolicy(ref Utf8JsonReader reader)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a managed policy");
            string? name = null;
            string? arn = null;
            string? path = null;
            string? versionId = null;
            Lazy<string>? document = null;
            bool deprecated = false;
            int? count = null;
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "name":
                        name = ReadString(ref reader, "managed policy name");
                        break;
                    case "arn":
                        arn = ReadString(ref reader, "managed policy arn");
                        break;
                    case "path":
                        path = ReadString(ref reader, "managed policy path");
                        break;
                    case "defaultVersionId":
                        versionId = ReadString(ref reader, "defaultVersionId");
                        break;
                    case "document":
                        ReadToken(ref reader, JsonTokenType.String, "managed policy document");
                        document = DeferredString(ref reader);
                        break;
                    case "deprecated":
                        deprecated = ReadBoolean(ref reader, "deprecated");
                        break;
                    case "grantedActionCount":
                        Read(ref reader, "grantedActionCount");
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value) || value < 0)
                        {
                            throw new FormatException("grantedActionCount must be a non-negative integer");
                        }

                        count = value;
                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            if (name is null || arn is null || path is null || document is null || count is null)
            {
                throw new FormatException("managed policy " + (name ?? "(unnamed)") + " lacks one of name, arn, path, document, grantedActionCount");
            }

            return new ManagedPolicyInfo(name, arn, path, versionId, document, deprecated, count.Value);
        }

        private static RetiredPolicyInfo ReadRetiredPolicy(ref Utf8JsonReader reader)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a retired policy");
            string? name = null;
            string? arn = null;
            string? replacedBy = null;
            string? replacedByArn = null;
            string? note = null;
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "name":
                        name = ReadString(ref reader, "retired policy name");
                        break;
                    case "arn":
                        arn = ReadString(ref reader, "retired policy arn");
                        break;
                    case "replacedBy":
                        replacedBy = ReadString(ref reader, "replacedBy");
                        break;
                    case "replacedByArn":
                        replacedByArn = ReadString(ref reader, "replacedByArn");
                        break;
                    case "note":
                        note = ReadString(ref reader, "note");
                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            if (name is null || arn is null || replacedBy is null || replacedByArn is null || note is null)
            {
                throw new FormatException("retired policy " + (name ?? "(unnamed)") + " lacks one of name, arn, replacedBy, replacedByArn, note");
            }

            return new RetiredPolicyInfo(name, arn, replacedBy, replacedByArn, note);
        }

        private static ScenarioInfo ReadScenario(ref Utf8JsonReader reader, StringPool strings)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a scenario");
            string? name = null;
            string? description = null;
            var permissions = new List<ScenarioPermission>();
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "name":
                        name = ReadString(ref reader, "scenario name");
                        break;
                    case "description":
                        description = ReadString(ref reader, "scenario description");
                        break;
                    case "permissions":
                        ReadToken(ref reader, JsonTokenType.StartArray, "scenario permissions");
                        while (NextElement(ref reader, "scenario permissions"))
                        {
                            permissions.Add(ReadScenarioPermission(ref reader, strings));
                        }

                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            if (name is null || description is null)
            {
                throw new FormatException("a scenario lacks its 'name' or 'description'");
            }

            return new ScenarioInfo(name, description, permissions.ToArray());
        }

        private static ScenarioPermission ReadScenarioPermission(ref Utf8JsonReader reader, StringPool strings)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a scenario permission");
            string? action = null;
            string? resource = null;
            string? sample = null;
            string? condition = null;
            string? reason = null;
            IReadOnlyDictionary<string, IReadOnlyList<string>> context = EmptyContext;
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "action":
                        action = ReadString(ref reader, "scenario action");
                        break;
                    case "resource":
                        resource = ReadString(ref reader, "scenario resource");
                        break;
                    case "sampleResource":
                        sample = ReadString(ref reader, "sampleResource");
                        break;
                    case "condition":
                        condition = ReadString(ref reader, "scenario condition");
                        break;
                    case "reason":
                        reason = ReadString(ref reader, "scenario reason");
                        break;
                    case "context":
                        ReadToken(ref reader, JsonTokenType.StartObject, "scenario context");
                        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                        while (NextProperty(ref reader, out string key))
                        {
                            values[key] = ReadStringArray(ref reader, strings, "scenario context " + key);
                        }

                        context = values;
                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            if (action is null || resource is null || reason is null)
            {
                throw new FormatException("a scenario permission lacks one of action, resource, reason");
            }

            return new ScenarioPermission(action, resource, sample ?? resource, context, condition, reason);
        }

        /// <summary>Keeps a string token's raw bytes and decodes them on first use (thread-safe).</summary>
        private static Lazy<string> DeferredString(ref Utf8JsonReader reader)
        {
            if (reader.HasValueSequence)
            {
                string value = reader.GetString() ?? string.Empty;
                return new Lazy<string>(() => value);
            }

            byte[] raw = reader.ValueSpan.ToArray();
            if (!reader.ValueIsEscaped)
            {
                return new Lazy<string>(() => System.Text.Encoding.UTF8.GetString(raw), LazyThreadSafetyMode.PublicationOnly);
            }

            return new Lazy<string>(() => Unescape(raw), LazyThreadSafetyMode.PublicationOnly);
        }

        private static string Unescape(byte[] raw)
        {
            var quoted = new byte[raw.Length + 2];
            quoted[0] = (byte)'"';
            Buffer.BlockCopy(raw, 0, quoted, 1, raw.Length);
            quoted[quoted.Length - 1] = (byte)'"';
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return reader.GetString() ?? string.Empty;
        }

        // ---- token helpers: each names what it expected so a malformed file gives a useful message.

        private static void Read(ref Utf8JsonReader reader, string what)
        {
            if (!reader.Read())
            {
                throw new FormatException("the catalog ends early, while reading " + what);
            }
        }

        private static void ReadToken(ref Utf8JsonReader reader, JsonTokenType expected, string what)
        {
            Read(ref reader, what);
            Expect(ref reader, expected, what);
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
        {
            if (reader.TokenType != expected)
            {
                throw new FormatException(what + " should be " + expected + " but is " + reader.TokenType);
            }
        }

        /// <summary>Moves to the next property of the current object; false at its end. Leaves the reader on the name.</summary>
        private static bool NextProperty(ref Utf8JsonReader reader, out string name)
        {
            Read(ref reader, "an object");
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                name = string.Empty;
                return false;
            }

            Expect(ref reader, JsonTokenType.PropertyName, "a property name");
            name = reader.GetString() ?? string.Empty;
            return true;
        }

        /// <summary>Moves to the next element of the current array; false at its end.</summary>
        private static bool NextElement(ref Utf8JsonReader reader, string what)
        {
            Read(ref reader, what);
            return reader.TokenType != JsonTokenType.EndArray;
        }

        private static void SkipValue(ref Utf8JsonReader reader)
        {
            Read(ref reader, "a value");
            reader.Skip();
        }

        private static string ReadString(ref Utf8JsonReader reader, string what)
        {
            ReadToken(ref reader, JsonTokenType.String, what);
            return reader.GetString() ?? string.Empty;
        }

        private static bool ReadBoolean(ref Utf8JsonReader reader, string what)
        {
            Read(ref reader, what);
            if (reader.TokenType != JsonTokenType.True && reader.TokenType != JsonTokenType.False)
            {
                throw new FormatException(what + " should be true or false but is " + reader.TokenType);
            }

            return reader.TokenType == JsonTokenType.True;
        }

        private static string[] ReadStringArray(ref Utf8JsonReader reader, StringPool strings, string what)
        {
            ReadToken(ref reader, JsonTokenType.StartArray, what);
            return ReadStringArrayElements(ref reader, strings, what);
        }

        /// <summary>Reads string elements up to the end of the array the reader is on.</summary>
        private static string[] ReadStringArrayElements(ref Utf8JsonReader reader, StringPool strings, string what)
        {
            List<string>? values = null;
            while (NextElement(ref reader, what))
            {
                Expect(ref reader, JsonTokenType.String, what + " element");
                (values ??= new List<string>(4)).Add(strings.Intern(ref reader));
            }

            return values is null ? Array.Empty<string>() : values.ToArray();
        }

        /// <summary>
        /// Shares repeated strings (condition keys, access levels, type names) across the catalog, looking them up by
        /// their UTF-8 bytes so a repeat costs no allocation.
        /// </summary>
        private sealed class StringPool
        {
            private int[] buckets = new int[4096];
            private (byte[] Utf8, string Value, int Hash, int Next)[] entries = new (byte[], string, int, int)[2048];
            private int count;

            public string Intern(ref Utf8JsonReader reader)
            {
                if (reader.ValueIsEscaped || reader.HasValueSequence)
                {
                    return Intern(reader.GetString() ?? string.Empty);
                }

                return Intern(reader.ValueSpan, null);
            }

            public string Intern(string value) => Intern(System.Text.Encoding.UTF8.GetBytes(value), value);

            private string Intern(ReadOnlySpan<byte> utf8, string? known)
            {
                uint hash = 2166136261;
                foreach (byte b in utf8)
                {
                    hash = (hash ^ b) * 16777619;
                }

                int h = (int)(hash & 0x7FFFFFFF);
                for (int i = buckets[h & (buckets.Length - 1)] - 1; i >= 0; i = entries[i].Next)
                {
                    if (entries[i].Hash == h && utf8.SequenceEqual(entries[i].Utf8))
                    {
                        return entries[i].Value;
                    }
                }

                string value = known ?? System.Text.Encoding.UTF8.GetString(utf8.ToArray());
                if (count == entries.Length)
                {
                    Grow();
                }

                int bucket = h & (buckets.Length - 1);
                entries[count] = (utf8.ToArray(), value, h, buckets[bucket] - 1);
                buckets[bucket] = ++count;
                return value;
            }

            private void Grow()
            {
                Array.Resize(ref entries, entries.Length * 2);
                buckets = new int[buckets.Length * 2];
                for (int i = 0; i < count; i++)
                {
                    int bucket = entries[i].Hash & (buckets.Length - 1);
                    entries[i].Next = buckets[bucket] - 1;
                    buckets[bucket] = i + 1;
                }
            }
        }
    }
}
