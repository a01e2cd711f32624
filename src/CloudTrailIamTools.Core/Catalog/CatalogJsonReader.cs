using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;

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
        private CaseInsensitiveLookup<ActionInfo>? actionsByName;

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

        /// <summary>Looks up <c>service:Name</c> among this service's actions, ignoring case; the table is built on first use.</summary>
        public bool TryGetAction(ReadOnlySpan<char> fullName, out ActionInfo? info)
        {
            // Racing threads may both build the table; either one answers the same.
            CaseInsensitiveLookup<ActionInfo> lookup = actionsByName ??= new CaseInsensitiveLookup<ActionInfo>(Actions, action => action.FullName);
            return lookup.TryGetValue(fullName, out info);
        }
    }

    /// <summary>
    /// Streams the catalog JSON (written by tools/catalog/generate-catalog.mjs) with Utf8JsonReader: one pass,
    /// no DOM, repeated strings shared. Unknown properties are skipped so newer files still load.
    /// Throws <see cref="JsonException"/> or <see cref="FormatException"/> on malformed input; the caller wraps them.
    /// </summary>
    internal static class CatalogJsonReader
    {
        // MethodImplOptions.AggressiveOptimization (absent from netstandard2.0): the reader runs once per process
        // over a quarter of a million tokens, so it is compiled optimized straight away instead of starting
        // in unoptimized tier-0 code.
        internal const MethodImplOptions Optimized = (MethodImplOptions)512;

        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyContext =
            new Dictionary<string, IReadOnlyList<string>>(0);

        /// <summary>Reads <paramref name="length"/> bytes of <paramref name="json"/>; policy documents keep referring to the array.</summary>
        [MethodImpl(Optimized)]
        public static CatalogContent Read(byte[] json, int length)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(json, 0, length), new JsonReaderOptions { MaxDepth = 16 });
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
                            content.ManagedPolicies.Add(ReadManagedPolicy(ref reader, json));
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

        /// <summary>
        /// A service object. Its 'prefix' must come before its resource types and actions, and resource types before
        /// actions (the generator writes them in that order), so that every object is built once, in place.
        /// </summary>
        [MethodImpl(Optimized)]
        private static ServiceContent ReadService(ref Utf8JsonReader reader, StringPool strings)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a service");
            ServiceBuilder? service = null;
            string? name = null;
            var conditionKeys = new List<ConditionKeyInfo>();
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "prefix":
                        service = new ServiceBuilder(strings.Intern(ReadString(ref reader, "service prefix")));
                        break;
                    case "name":
                        name = ReadString(ref reader, "service name");
                        break;
                    case "resourceTypes":
                        ServiceBuilder typesOwner = RequirePrefix(service, "resourceTypes");
                        if (typesOwner.Actions.Count > 0)
                        {
                            throw new FormatException("service " + typesOwner.Prefix + " lists resourceTypes after its actions");
                        }

                        ReadToken(ref reader, JsonTokenType.StartArray, "resourceTypes");
                        while (NextElement(ref reader, "resourceTypes"))
                        {
                            typesOwner.AddResourceType(ReadServiceResourceType(ref reader, strings, typesOwner.Prefix));
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
                        ServiceBuilder actionsOwner = RequirePrefix(service, "actions");
                        ReadToken(ref reader, JsonTokenType.StartArray, "actions");
                        while (NextElement(ref reader, "actions"))
                        {
                            try
                            {
                                actionsOwner.Actions.Add(ReadAction(ref reader, strings, actionsOwner));
                            }
                            catch (FormatException ex)
                            {
                                throw new FormatException("service " + actionsOwner.Prefix + ", action #" + (actionsOwner.Actions.Count + 1) + ": " + ex.Message, ex);
                            }
                        }

                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            ServiceBuilder built = service ?? throw new FormatException("a service lacks its 'prefix'");
            return new ServiceContent(built.Prefix, name, built.ResourceTypes.ToArray(), conditionKeys.ToArray(), built.Actions.ToArray());
        }

        private static ServiceBuilder RequirePrefix(ServiceBuilder? service, string what) =>
            service ?? throw new FormatException("a service's 'prefix' must come before " + what);

        [MethodImpl(Optimized)]
        private static ResourceTypeInfo ReadServiceResourceType(ref Utf8JsonReader reader, StringPool strings, string service)
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

            return new ResourceTypeInfo(service, name ?? throw new FormatException("a resource type of " + service + " lacks its 'name'"), arns, keys);
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
        /// An action is one packed string (see generate-catalog.mjs): <c>Name|AccessLevel|ResourceTypes|ConditionKeys</c>,
        /// lists separated by ';', a resource type written <c>name</c> or <c>name*</c> (required) followed by
        /// <c>=key</c> per condition key; empty trailing fields are omitted.
        /// </summary>
        [MethodImpl(Optimized)]
        private static ActionInfo ReadAction(ref Utf8JsonReader reader, StringPool strings, ServiceBuilder service)
        {
            Expect(ref reader, JsonTokenType.String, "an action");
            ReadOnlySpan<char> text = strings.CurrentText(ref reader);

            int bar = text.IndexOf('|');
            if (bar <= 0)
            {
                throw new FormatException("an action should read Name|AccessLevel[|ResourceTypes[|ConditionKeys]] but is '" + text.ToString() + "'");
            }

            string name = text.Slice(0, bar).ToString();
            ReadOnlySpan<char> rest = text.Slice(bar + 1);
            bar = rest.IndexOf('|');
            ReadOnlySpan<char> access = bar < 0 ? rest : rest.Slice(0, bar);
            if (access.IsEmpty)
            {
                throw new FormatException("action " + name + " has no access level");
            }

            string accessLevel = strings.Intern(access);
            ActionResourceType[] types = Array.Empty<ActionResourceType>();
            string[] keys = Array.Empty<string>();
            if (bar >= 0)
            {
                rest = rest.Slice(bar + 1);
                bar = rest.IndexOf('|');
                ReadOnlySpan<char> typeList = bar < 0 ? rest : rest.Slice(0, bar);
                if (!typeList.IsEmpty)
                {
                    types = new ActionResourceType[CountItems(typeList, ';')];
                    for (int i = 0; i < types.Length; i++)
                    {
                        types[i] = ReadActionResourceType(NextItem(ref typeList, ';', name), strings, service, name);
                    }
                }

                if (bar >= 0)
                {
                    keys = ReadKeyList(rest.Slice(bar + 1), ';', strings, name);
                }
            }

            return new ActionInfo(service.Prefix, name, accessLevel, types, keys);
        }

        /// <summary><c>type</c>, <c>type*</c> (required), each optionally followed by <c>=conditionKey</c> entries.</summary>
        private static ActionResourceType ReadActionResourceType(ReadOnlySpan<char> item, StringPool strings, ServiceBuilder service, string action)
        {
            int equals = item.IndexOf('=');
            ReadOnlySpan<char> marked = equals < 0 ? item : item.Slice(0, equals);
            bool required = !marked.IsEmpty && marked[marked.Length - 1] == '*';
            if (required)
            {
                marked = marked.Slice(0, marked.Length - 1);
            }

            if (marked.IsEmpty)
            {
                throw new FormatException("action " + action + " lists a resource type without a name");
            }

            string name = strings.Intern(marked);
            if (equals < 0)
            {
                return service.SharedResourceType(name, required);
            }

            return new ActionResourceType(name, required, service.ArnFormats(name), ReadKeyList(item.Slice(equals + 1), '=', strings, action));
        }

        private static int CountItems(ReadOnlySpan<char> list, char separator)
        {
            int count = 1;
            foreach (char c in list)
            {
                if (c == separator)
                {
                    count++;
                }
            }

            return count;
        }

        private static string[] ReadKeyList(ReadOnlySpan<char> list, char separator, StringPool strings, string action)
        {
            if (list.IsEmpty)
            {
                return Array.Empty<string>();
            }

            var keys = new string[CountItems(list, separator)];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = strings.Intern(NextItem(ref list, separator, action));
            }

            return keys;
        }

        /// <summary>Cuts the next non-empty item off a separated list.</summary>
        private static ReadOnlySpan<char> NextItem(ref ReadOnlySpan<char> list, char separator, string action)
        {
            int at = list.IndexOf(separator);
            ReadOnlySpan<char> item = at < 0 ? list : list.Slice(0, at);
            list = at < 0 ? ReadOnlySpan<char>.Empty : list.Slice(at + 1);
            if (item.IsEmpty)
            {
                throw new FormatException("action " + action + " has an empty entry in a '" + separator + "' list");
            }

            return item;
        }

        [MethodImpl(Optimized)]
        private static ManagedPolicyInfo ReadManagedPolicy(ref Utf8JsonReader reader, byte[] json)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a managed policy");
            string? name = null;
            string? arn = null;
            string? path = null;
            string? versionId = null;
            DocumentText? document = null;
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
                        document = DeferredString(ref reader, json);
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
            ScenarioServiceRole? serviceRole = null;
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "name":
                        name = ReadString(ref reader, "scenario name");
                        break;
                    case "serviceRole":
                        serviceRole = ReadServiceRole(ref reader, strings);
                        break;
                    case "description":
                        description = ReadString(ref reader, "scenario description");
                        break;
                    case "permissions":
                        ReadScenarioPermissions(ref reader, strings, permissions, "scenario permissions");

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

            return new ScenarioInfo(name, description, permissions.ToArray(), serviceRole);
        }

        private static void ReadScenarioPermissions(ref Utf8JsonReader reader, StringPool strings, List<ScenarioPermission> permissions, string what)
        {
            ReadToken(ref reader, JsonTokenType.StartArray, what);
            while (NextElement(ref reader, what))
            {
                permissions.Add(ReadScenarioPermission(ref reader, strings));
            }
        }

        private static ScenarioServiceRole ReadServiceRole(ref Utf8JsonReader reader, StringPool strings)
        {
            ReadToken(ref reader, JsonTokenType.StartObject, "a scenario service role");
            string? roleName = null;
            string? service = null;
            string? trustCondition = null;
            string? reason = null;
            var permissions = new List<ScenarioPermission>();
            while (NextProperty(ref reader, out string property))
            {
                switch (property)
                {
                    case "roleName":
                        roleName = ReadString(ref reader, "service role name");
                        break;
                    case "service":
                        service = ReadString(ref reader, "service role service");
                        break;
                    case "trustCondition":
                        trustCondition = ReadString(ref reader, "service role trust condition");
                        break;
                    case "reason":
                        reason = ReadString(ref reader, "service role reason");
                        break;
                    case "permissions":
                        ReadScenarioPermissions(ref reader, strings, permissions, "service role permissions");

                        break;
                    default:
                        SkipValue(ref reader);
                        break;
                }
            }

            if (roleName is null || service is null || trustCondition is null || reason is null || permissions.Count == 0)
            {
                throw new FormatException("a scenario service role lacks one of roleName, service, trustCondition, reason, permissions");
            }

            return new ScenarioServiceRole(roleName, service, trustCondition, permissions.ToArray(), reason);
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

        /// <summary>Remembers where a string token lies in the catalog bytes, to decode it on first use.</summary>
        private static DocumentText DeferredString(ref Utf8JsonReader reader, byte[] json)
        {
            if (reader.HasValueSequence)
            {
                return new DocumentText(reader.GetString() ?? string.Empty);
            }

            // TokenStartIndex is the opening quote; the value follows it.
            return new DocumentText(json, (int)reader.TokenStartIndex, reader.ValueSpan.Length, reader.ValueIsEscaped);
        }

        // ---- token helpers: each names what it expected so a malformed file gives a useful message.

        [MethodImpl(Optimized)]
        private static void Read(ref Utf8JsonReader reader, string what)
        {
            if (!reader.Read())
            {
                throw new FormatException("the catalog ends early, while reading " + what);
            }
        }

        [MethodImpl(Optimized)]
        private static void ReadToken(ref Utf8JsonReader reader, JsonTokenType expected, string what)
        {
            Read(ref reader, what);
            Expect(ref reader, expected, what);
        }

        [MethodImpl(Optimized)]
        private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
        {
            if (reader.TokenType != expected)
            {
                throw new FormatException(what + " should be " + expected + " but is " + reader.TokenType);
            }
        }

        /// <summary>Moves to the next property of the current object; false at its end. Leaves the reader on the name.</summary>
        [MethodImpl(Optimized)]
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
        [MethodImpl(Optimized)]
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

        [MethodImpl(Optimized)]
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
        [MethodImpl(Optimized)]
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

        /// <summary>What one service's actions need while they are read: its prefix and resource types.</summary>
        private sealed class ServiceBuilder
        {
            private readonly Dictionary<string, ResourceTypeInfo> typesByName = new Dictionary<string, ResourceTypeInfo>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, ActionResourceType> sharedRequired = new Dictionary<string, ActionResourceType>(StringComparer.Ordinal);
            private readonly Dictionary<string, ActionResourceType> sharedOptional = new Dictionary<string, ActionResourceType>(StringComparer.Ordinal);

            public ServiceBuilder(string prefix)
            {
                Prefix = prefix;
            }

            public string Prefix { get; }

            public List<ResourceTypeInfo> ResourceTypes { get; } = new List<ResourceTypeInfo>();

            public List<ActionInfo> Actions { get; } = new List<ActionInfo>();

            public void AddResourceType(ResourceTypeInfo type)
            {
                ResourceTypes.Add(type);
                typesByName[type.Name] = type;
            }

            public IReadOnlyList<string> ArnFormats(string resourceType) =>
                typesByName.TryGetValue(resourceType, out ResourceTypeInfo? type) ? type.ArnFormats : Array.Empty<string>();

            /// <summary>Most actions use a resource type without adding condition keys: one immutable object serves them all.</summary>
            public ActionResourceType SharedResourceType(string name, bool required)
            {
                Dictionary<string, ActionResourceType> shared = required ? sharedRequired : sharedOptional;
                if (!shared.TryGetValue(name, out ActionResourceType? type))
                {
                    type = new ActionResourceType(name, required, ArnFormats(name), Array.Empty<string>());
                    shared.Add(name, type);
                }

                return type;
            }
        }

        /// <summary>
        /// Shares repeated strings (condition keys, access levels, type names) across the catalog. Lookups take
        /// character spans, so a repeat costs no allocation; <see cref="CurrentText"/> decodes a token into a
        /// reused buffer to feed them.
        /// </summary>
        private sealed class StringPool
        {
            private int[] buckets = new int[4096];
            private (string Value, int Hash, int Next)[] entries = new (string, int, int)[2048];
            private int count;
            private char[] scratch = new char[1024];

            /// <summary>The current string token's text, valid until the next call.</summary>
            [MethodImpl(Optimized)]
            public ReadOnlySpan<char> CurrentText(ref Utf8JsonReader reader)
            {
                if (!reader.ValueIsEscaped && !reader.HasValueSequence)
                {
                    ReadOnlySpan<byte> utf8 = reader.ValueSpan;
                    if (utf8.Length > scratch.Length)
                    {
                        scratch = new char[Math.Max(utf8.Length, scratch.Length * 2)];
                    }

                    int i = 0;
                    while (i < utf8.Length && utf8[i] < 0x80)
                    {
                        scratch[i] = (char)utf8[i];
                        i++;
                    }

                    if (i == utf8.Length)
                    {
                        return new ReadOnlySpan<char>(scratch, 0, i); // plain ASCII, the usual case
                    }
                }

                string text = reader.GetString() ?? string.Empty;
                if (text.Length > scratch.Length)
                {
                    scratch = new char[text.Length];
                }

                text.CopyTo(0, scratch, 0, text.Length);
                return new ReadOnlySpan<char>(scratch, 0, text.Length);
            }

            [MethodImpl(Optimized)]
            public string Intern(ref Utf8JsonReader reader) => Intern(CurrentText(ref reader));

            public string Intern(string value) => Intern(value.AsSpan(), value);

            [MethodImpl(Optimized)]
            public string Intern(ReadOnlySpan<char> text) => Intern(text, null);

            private string Intern(ReadOnlySpan<char> text, string? known)
            {
                uint hash = 2166136261;
                foreach (char c in text)
                {
                    hash = (hash ^ c) * 16777619;
                }

                int h = (int)(hash & 0x7FFFFFFF);
                for (int i = buckets[h & (buckets.Length - 1)] - 1; i >= 0; i = entries[i].Next)
                {
                    if (entries[i].Hash == h && text.SequenceEqual(entries[i].Value.AsSpan()))
                    {
                        return entries[i].Value;
                    }
                }

                string value = known ?? text.ToString();
                if (count == entries.Length)
                {
                    Grow();
                }

                int bucket = h & (buckets.Length - 1);
                entries[count] = (value, h, buckets[bucket] - 1);
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
