using System;
using System.Collections.Generic;
using System.Text.Json;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Parses each distinct policy text once. Keyed by the exact JSON text (and name), so a batch that repeats
    /// the same policies on every line pays for parsing only the first time. Not thread-safe: one per batch.
    /// </summary>
    public sealed class PolicyCache
    {
        private readonly Dictionary<string, PolicyDocument> documents = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);

        /// <summary>How many leading characters index a cached text for comparing it in place.</summary>
        private const int PrefixLength = 32;

        /// <summary>
        /// A longer prefix for batches of many distinct policies: they all begin {"Version":"2012-10-17","Statement":[
        /// but mostly differ within their first statement, so this many characters still tell them apart.
        /// </summary>
        private const int LongPrefixLength = 128;

        /// <summary>Up to this many cached texts sharing a prefix are compared in place; beyond, the text is looked up whole.</summary>
        private const int FewCandidates = 8;

        // Cached texts by a hash of the whole text, so a span of a request line can be looked up without a string.
        private readonly Dictionary<ulong, Entry> byText = new Dictionary<ulong, Entry>();
        private readonly Dictionary<ulong, List<Entry>> byPrefix = new Dictionary<ulong, List<Entry>>();
        private readonly Dictionary<ulong, List<Entry>> byLongPrefix = new Dictionary<ulong, List<Entry>>();
        private readonly int capacity;

        /// <param name="capacity">Entries kept before the cache starts over, bounding memory on endless streams of distinct policies.</param>
        public PolicyCache(int capacity = 4096)
        {
            this.capacity = Math.Max(1, capacity);
        }

        public int Count => documents.Count;

        /// <summary>Returns the parsed policy for this text, parsing it on first sight; errors name <paramref name="errorLabel"/>.</summary>
        public PolicyDocument GetOrParse(string json, string? name = null, string? errorLabel = null)
        {
            string key = name is null ? json : name + "\u0000" + json;
            if (documents.TryGetValue(key, out PolicyDocument? document))
            {
                return document;
            }

            document = PolicyDocument.Parse(json, name, errorLabel ?? name ?? "policy");
            Remember(key, json, name, document);
            return document;
        }

        internal PolicyDocument GetOrParse(JsonElement element, string? name, string errorLabel)
        {
            string raw = element.GetRawText();
            string key = name is null ? raw : name + "\u0000" + raw;
            if (documents.TryGetValue(key, out PolicyDocument? document))
            {
                return document;
            }

            document = PolicyParser.Parse(element, name, errorLabel);
            Remember(key, raw, name, document);
            return document;
        }

        /// <summary>
        /// Finds a cached policy whose exact text is the JSON object or array starting at <paramref name="position"/>
        /// of <paramref name="text"/>.
        /// </summary>
        internal bool TryMatchAt(string text, int position, string? name, out PolicyDocument? document, out int length) =>
            TryMatchAt(text.AsSpan(position), name, out document, out length);

        /// <summary>
        /// Finds a cached policy whose exact text is the JSON object or array at the start of <paramref name="rest"/>.
        /// Texts that few others begin like are compared in place; otherwise the value's extent is found by a
        /// bracket scan that skips strings and its text is looked up whole, so the cost does not grow with the
        /// number of cached policies.
        /// </summary>
        internal bool TryMatchAt(ReadOnlySpan<char> rest, string? name, out PolicyDocument? document, out int length)
        {
            // Few cached texts begin like this one (batches that repeat a few policy sets): comparing them in
            // place is cheapest, since a comparison stops at the first difference.

            // A cached text is a whole JSON value, so a line that continues with it holds exactly that value here:
            // comparing in place needs no scan for the value's end (the scan and a whole-text hash were most of
            // the cost of a line whose policies are all distinct). Texts shorter than the long prefix are not in
            // this table and go on to the short one.
            if (rest.Length >= LongPrefixLength && byLongPrefix.TryGetValue(TextHash.Of(rest.Slice(0, LongPrefixLength)), out List<Entry>? similar) &&
                similar.Count <= FewCandidates && TryMatchCandidates(rest, name, similar, out document, out length))
            {
                return true;
            }

            if (rest.Length >= PrefixLength && byPrefix.TryGetValue(TextHash.Of(rest.Slice(0, PrefixLength)), out List<Entry>? candidates) &&
                candidates.Count <= FewCandidates)
            {
                return TryMatchCandidates(rest, name, candidates, out document, out length);
            }

            length = ValueLength(rest);
            ReadOnlySpan<char> value = rest.Slice(0, length);
            if (length > 0 && byText.TryGetValue(TextHash.Of(value), out Entry? entry))
            {
                for (; entry is not null; entry = entry.Next)
                {
                    if (entry.Name == name && value.SequenceEqual(entry.Text.AsSpan()))
                    {
                        document = entry.Document;
                        return true;
                    }
                }
            }

            document = null;
            length = 0;
            return false;
        }

        private static bool TryMatchCandidates(ReadOnlySpan<char> rest, string? name, List<Entry> candidates, out PolicyDocument? document, out int length)
        {
            foreach (Entry candidate in candidates)
            {
                if (candidate.Text.Length <= rest.Length && candidate.Name == name && rest.Slice(0, candidate.Text.Length).SequenceEqual(candidate.Text.AsSpan()))
                {
                    document = candidate.Document;
                    length = candidate.Text.Length;
                    return true;
                }
            }

            document = null;
            length = 0;
            return false;
        }

        /// <summary>The length of the JSON object or array at the start of <paramref name="json"/>, or 0 when it does not close.</summary>
        internal static int ValueLength(ReadOnlySpan<char> json)
        {
            if (json.IsEmpty || (json[0] != '{' && json[0] != '['))
            {
                return 0;
            }

            // A plain loop: policy text stops at a quote every few characters, too often for vectorised searches to pay.
            int depth = 0;
            bool inString = false;
            for (int i = 0; i < json.Length; i++)
            {
                char c = json[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if (c == '{' || c == '[')
                {
                    depth++;
                }
                else if ((c == '}' || c == ']') && --depth == 0)
                {
                    return i + 1;
                }
            }

            return 0;
        }

        private void Remember(string key, string text, string? name, PolicyDocument document)
        {
            if (documents.Count >= capacity)
            {
                documents.Clear();
                byText.Clear();
                byPrefix.Clear();
                byLongPrefix.Clear();
            }

            documents[key] = document;
            ulong hash = TextHash.Of(text.AsSpan());
            byText.TryGetValue(hash, out Entry? first);
            var entry = new Entry(text, name, document, first);
            byText[hash] = entry;
            AddByPrefix(byPrefix, PrefixLength, entry);
            AddByPrefix(byLongPrefix, LongPrefixLength, entry);
        }

        private static void AddByPrefix(Dictionary<ulong, List<Entry>> table, int prefixLength, Entry entry)
        {
            if (entry.Text.Length < prefixLength)
            {
                return;
            }

            ulong prefix = TextHash.Of(entry.Text.AsSpan(0, prefixLength));
            if (!table.TryGetValue(prefix, out List<Entry>? list))
            {
                table[prefix] = list = new List<Entry>(1);
            }

            // Past a few, the list is no longer read (the whole-text lookup is used), so stop growing it.
            if (list.Count <= FewCandidates)
            {
                list.Add(entry);
            }
        }

        /// <summary>A cached document for one text; texts under several names, or sharing a hash, chain.</summary>
        private sealed class Entry
        {
            public Entry(string text, string? name, PolicyDocument document, Entry? next)
            {
                Text = text;
                Name = name;
                Document = document;
                Next = next;
            }

            public string Text { get; }

            public string? Name { get; }

            public PolicyDocument Document { get; }

            public Entry? Next { get; }
        }
    }

    /// <summary>
    /// Reads the request JSON contract shared by the CLI's JSON Lines input and the cmdlet's pipeline:
    /// {"Action", "Resource", "ResourceAccount", "Principal", "Context", "IdentityPolicies", "PermissionsBoundary",
    /// "SessionPolicy", "ResourcePolicy", "ServiceControlPolicies", "ResourceControlPolicies", "VpcEndpointPolicy",
    /// "ManagementAccountId"}. A policy is the policy object, a JSON string holding it, or {"Name": ..., "Document": ...}.
    /// Errors are InvalidInputException (Location names the property) or PolicyFormatException.
    /// </summary>
    public sealed class EvaluationRequestReader
    {
        private static readonly string[] PropertyNames =
        {
            "Action", "Resource", "ResourceAccount", "Principal", "Context", "IdentityPolicies", "PermissionsBoundary",
            "SessionPolicy", "ResourcePolicy", "ServiceControlPolicies", "ResourceControlPolicies", "VpcEndpointPolicy",
            "ManagementAccountId",
        };

        public EvaluationRequestReader()
            : this(new PolicyCache())
        {
        }

        public EvaluationRequestReader(PolicyCache cache)
        {
            Cache = cache ?? throw new ArgumentNullException(nameof(cache));
        }

        public PolicyCache Cache { get; }

        /// <summary>Strings the fast path reads, shared across lines.</summary>
        internal StringPool Strings { get; } = new StringPool();

        /// <summary>Parses one request (one JSON Lines line).</summary>
        /// <summary>A batch line: the fast path reads the span in place; only a line it declines becomes a string.</summary>
        internal EvaluationRequest Parse(ReadOnlySpan<char> line)
        {
            EvaluationRequest? fast = FastRequestScanner.TryParse(line, this);
            return fast ?? Parse(line.ToString());
        }

        public EvaluationRequest Parse(string json)
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                throw new InvalidInputException("The request is empty.");
            }

            // Lines whose policies are all cached take a scanner that never re-reads policy text; anything
            // else (new policies, escapes, errors) goes through the full reader, which also fills the cache.
            EvaluationRequest? fast = FastRequestScanner.TryParse(json, this);
            if (fast is not null)
            {
                return fast;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException exception)
            {
                throw new InvalidInputException("The request is not valid JSON: " + exception.Message, null, exception);
            }

            using (document)
            {
                return Read(document.RootElement);
            }
        }

        /// <summary>Reads a request from an already parsed JSON object.</summary>
        public EvaluationRequest Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException("A request must be a JSON object.");
            }

            if (DiagnosisRequest.IsDiagnosis(root))
            {
                return DiagnosisRequest.Read(root);
            }

            string? action = null;
            string? principal = null;
            string? resource = null;
            string? resourceAccount = null;
            string? managementAccountId = null;
            Dictionary<string, IReadOnlyList<string>>? context = null;
            PolicyDocument[] identityPolicies = Array.Empty<PolicyDocument>();
            PolicyDocument? boundary = null;
            PolicyDocument? session = null;
            PolicyDocument? resourcePolicy = null;
            PolicyDocument? endpointPolicy = null;
            IReadOnlyList<IReadOnlyList<PolicyDocument>>? scps = null;
            IReadOnlyList<IReadOnlyList<PolicyDocument>>? rcps = null;

            foreach (JsonProperty property in root.EnumerateObject())
            {
                string name = Canonical(property.Name);
                JsonElement value = property.Value;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue; // Absent and null mean the same.
                }

                switch (name)
                {
                    case "Action":
                        action = ReadString(value, name);
                        break;
                    case "Principal":
                        principal = ReadString(value, name);
                        break;
                    case "Resource":
                        resource = ReadString(value, name);
                        break;
                    case "ResourceAccount":
                        resourceAccount = ReadString(value, name);
                        break;
                    case "ManagementAccountId":
                        managementAccountId = ReadString(value, name);
                        break;
                    case "Context":
                        context = ReadContext(value);
                        break;
                    case "IdentityPolicies":
                        identityPolicies = ReadPolicyList(value, name);
                        break;
                    case "PermissionsBoundary":
                        boundary = ReadPolicy(value, name);
                        break;
                    case "SessionPolicy":
                        session = ReadPolicy(value, name);
                        break;
                    case "ResourcePolicy":
                        resourcePolicy = ReadPolicy(value, name);
                        break;
                    case "VpcEndpointPolicy":
                        endpointPolicy = ReadPolicy(value, name);
                        break;
                    case "ServiceControlPolicies":
                        scps = ReadLevels(value, name);
                        break;
                    case "ResourceControlPolicies":
                        rcps = ReadLevels(value, name);
                        break;
                    default:
                        throw new InvalidInputException(
                            "Unknown request property '" + property.Name + "' (expected " + string.Join(", ", PropertyNames) + ").",
                            property.Name);
                }
            }

            if (action is null)
            {
                throw new InvalidInputException("The request has no Action.", "Action");
            }

            if (principal is null)
            {
                throw new InvalidInputException("The request has no Principal.", "Principal");
            }

            return new EvaluationRequest(action, principal, CachedPrincipal(principal))
            {
                Resource = resource ?? "*",
                ResourceAccount = resourceAccount,
                ManagementAccountId = managementAccountId,
                Context = context,
                IdentityPolicies = identityPolicies,
                PermissionsBoundary = boundary,
                SessionPolicy = session,
                ResourcePolicy = resourcePolicy,
                VpcEndpointPolicy = endpointPolicy,
                ServiceControlPolicies = scps ?? Array.Empty<IReadOnlyList<PolicyDocument>>(),
                ResourceControlPolicies = rcps ?? Array.Empty<IReadOnlyList<PolicyDocument>>(),
            };
        }

        /// <summary>The parsed principal (shared cache); null when it does not parse.</summary>
        internal PrincipalIdentity? CachedPrincipal(string principal) => PrincipalCache.Get(principal);

        /// <summary>The property's canonical name, matched without regard to case; null for no property of a request.</summary>
        internal static string? Canonical(ReadOnlySpan<char> name)
        {
            foreach (string known in PropertyNames)
            {
                if (known.Length == name.Length && name.Equals(known.AsSpan(), StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return null;
        }

        internal static string Canonical(string name)
        {
            return Canonical(name.AsSpan()) ?? name;
        }

        private PolicyDocument ReadPolicy(JsonElement value, string location)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return Cache.GetOrParse(value.GetString()!, null, location);
                case JsonValueKind.Object:
                    if (value.TryGetProperty("Document", out JsonElement document))
                    {
                        return ReadNamedPolicy(value, document, location);
                    }

                    return Cache.GetOrParse(value, null, location);
                default:
                    throw new InvalidInputException(location + " must be a policy object or a JSON string holding one.", location);
            }
        }

        private PolicyDocument ReadNamedPolicy(JsonElement value, JsonElement document, string location)
        {
            string? name = null;
            foreach (JsonProperty property in value.EnumerateObject())
            {
                if (property.NameEquals("Name"))
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        throw new InvalidInputException(location + ".Name must be a string.", location + ".Name");
                    }

                    name = property.Value.GetString();
                }
                else if (!property.NameEquals("Document"))
                {
                    throw new InvalidInputException(
                        "Unknown property '" + property.Name + "' in a named policy (expected Name and Document).", location + "." + property.Name);
                }
            }

            string label = name ?? location;
            switch (document.ValueKind)
            {
                case JsonValueKind.String:
                    return Cache.GetOrParse(document.GetString()!, name, label);
                case JsonValueKind.Object:
                    return Cache.GetOrParse(document, name, label);
                default:
                    throw new InvalidInputException(location + ".Document must be a policy object or a JSON string holding one.", location + ".Document");
            }
        }

        private PolicyDocument[] ReadPolicyList(JsonElement value, string location)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                // A lone policy where a list is expected is taken as a list of one.
                return new[] { ReadPolicy(value, location + "[0]") };
            }

            var policies = new PolicyDocument[value.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                policies[i] = ReadPolicy(item, Indexed(location, i));
                i++;
            }

            return policies;
        }

        private IReadOnlyList<IReadOnlyList<PolicyDocument>> ReadLevels(JsonElement value, string location)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidInputException(location + " must be an array of levels (root first), each an array of policies.", location);
            }

            var levels = new IReadOnlyList<PolicyDocument>[value.GetArrayLength()];
            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                string levelLocation = Indexed(location, i);

                // A policy in place of a level is a level holding that one policy.
                levels[i] = item.ValueKind == JsonValueKind.Array
                    ? ReadPolicyList(item, levelLocation)
                    : new[] { ReadPolicy(item, levelLocation + "[0]") };
                i++;
            }

            return levels;
        }

        private static Dictionary<string, IReadOnlyList<string>> ReadContext(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException("Context must be an object of context keys and values.", "Context");
            }

            var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty property in value.EnumerateObject())
            {
                string location = "Context." + property.Name;
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    var values = new string[property.Value.GetArrayLength()];
                    int i = 0;
                    foreach (JsonElement item in property.Value.EnumerateArray())
                    {
                        values[i] = ReadScalar(item, location + "[" + i + "]");
                        i++;
                    }

                    context[property.Name] = values;
                }
                else
                {
                    context[property.Name] = new[] { ReadScalar(property.Value, location) };
                }
            }

            return context;
        }

        private static string ReadScalar(JsonElement value, string location) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new InvalidInputException(location + " must be a string, number or boolean, or an array of them.", location),
        };

        private static string ReadString(JsonElement value, string location)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidInputException(location + " must be a string.", location);
            }

            return value.GetString()!;
        }

        private static string Indexed(string location, int index) => location + "[" + index + "]";
    }
}
