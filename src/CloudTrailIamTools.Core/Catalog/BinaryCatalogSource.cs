using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// Reads the binary catalog (see <see cref="CatalogBinaryFormat"/>) one part at a time: opening it reads the header
    /// only, a service is decoded when it is first looked up, policies and scenarios when first asked for. Nothing is
    /// parsed from text. Thread-safe: the string cache may be filled twice by racing threads, with equal strings.
    /// </summary>
    internal sealed class BinaryCatalogSource : CatalogSource
    {
        private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> EmptyContext =
            new Dictionary<string, IReadOnlyList<string>>(0);

        private readonly byte[] data;
        private readonly int stringBytes;
        private readonly int stringOffsets;
        private readonly string?[] stringCache;
        private readonly string[] prefixes;
        private readonly int[] serviceRecords;

        private BinaryCatalogSource(byte[] data)
        {
            this.data = data;
            if (data.Length < CatalogBinaryFormat.HeaderLength || !HasMagic(data))
            {
                throw Malformed("it does not start with the catalog's marker");
            }

            if (Int(CatalogBinaryFormat.TotalLength) != data.Length)
            {
                throw Malformed("its length is not the one its header gives");
            }

            int count = Int(CatalogBinaryFormat.StringCount);
            stringOffsets = Int(CatalogBinaryFormat.StringsOffset);
            stringBytes = stringOffsets + ((count + 1) * 4);
            if (count < 0 || stringOffsets < CatalogBinaryFormat.HeaderLength || stringBytes > data.Length)
            {
                throw Malformed("its string table lies outside the data");
            }

            stringCache = new string?[count];
            Version = String(Int(CatalogBinaryFormat.Version)) ?? throw Malformed("it has no version");

            int services = Int(CatalogBinaryFormat.ServiceCount);
            int at = Int(CatalogBinaryFormat.ServicesOffset);
            prefixes = new string[services];
            serviceRecords = new int[services];
            for (int i = 0; i < services; i++)
            {
                prefixes[i] = String(Int(at)) ?? throw Malformed("a service has no prefix");
                serviceRecords[i] = Int(at + 4);
                at += 8;
            }
        }

        public override string Version { get; }

        public override IReadOnlyList<string> ServicePrefixes => prefixes;

        /// <summary>Reads the whole stream (an embedded resource is memory-mapped, so this is one copy) and its header.</summary>
        public static BinaryCatalogSource Read(Stream stream)
        {
            byte[] data;
            if (stream.CanSeek)
            {
                data = new byte[stream.Length - stream.Position];
                int read = 0;
                while (read < data.Length)
                {
                    int n = stream.Read(data, read, data.Length - read);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                if (read != data.Length)
                {
                    throw Malformed("the stream ended early");
                }
            }
            else
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                data = copy.ToArray();
            }

            return Guard(() => new BinaryCatalogSource(data));
        }

        public override ServiceContent ReadService(int index) => Guard(() =>
        {
            var cursor = new Cursor(this, serviceRecords[index]);
            string prefix = prefixes[index];
            string? name = cursor.String();

            var types = new ResourceTypeInfo[cursor.Count()];
            var typesByName = new Dictionary<string, ResourceTypeInfo>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < types.Length; i++)
            {
                string typeName = cursor.RequiredString();
                types[i] = new ResourceTypeInfo(prefix, typeName, cursor.Strings(), cursor.Strings());
                typesByName[typeName] = types[i];
            }

            var keys = new ConditionKeyInfo[cursor.Count()];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = new ConditionKeyInfo(cursor.RequiredString(), cursor.String());
            }

            // Resource types an action uses without adding condition keys are shared, as the JSON reader shares them.
            var shared = new Dictionary<(string, bool), ActionResourceType>();
            var actions = new ActionInfo[cursor.Count()];
            for (int i = 0; i < actions.Length; i++)
            {
                string actionName = cursor.RequiredString();
                string accessLevel = cursor.RequiredString();
                var actionTypes = cursor.Count() is int typeCount && typeCount > 0 ? new ActionResourceType[typeCount] : Array.Empty<ActionResourceType>();
                for (int t = 0; t < actionTypes.Length; t++)
                {
                    string typeName = cursor.RequiredString();
                    int flags = cursor.Int();
                    bool required = (flags & CatalogBinaryFormat.ActionTypeRequired) != 0;
                    IReadOnlyList<string> arns = typesByName.TryGetValue(typeName, out ResourceTypeInfo? type) ? type.ArnFormats : Array.Empty<string>();
                    if ((flags & CatalogBinaryFormat.ActionTypeHasKeys) != 0)
                    {
                        actionTypes[t] = new ActionResourceType(typeName, required, arns, cursor.Strings());
                    }
                    else if (!shared.TryGetValue((typeName, required), out actionTypes[t]!))
                    {
                        actionTypes[t] = new ActionResourceType(typeName, required, arns, Array.Empty<string>());
                        shared.Add((typeName, required), actionTypes[t]);
                    }
                }

                actions[i] = new ActionInfo(prefix, actionName, accessLevel, actionTypes, cursor.Strings());
            }

            return new ServiceContent(prefix, name, types, keys, actions);
        });

        public override List<ManagedPolicyInfo> ReadManagedPolicies() => Guard(() =>
        {
            var cursor = new Cursor(this, Int(CatalogBinaryFormat.PoliciesOffset));
            int count = cursor.Count();
            var policies = new List<ManagedPolicyInfo>(count);
            for (int i = 0; i < count; i++)
            {
                string name = cursor.RequiredString();
                string arn = cursor.RequiredString();
                string path = cursor.RequiredString();
                string? versionId = cursor.String();
                int flags = cursor.Int();
                int granted = cursor.Int();
                int start = cursor.Int();
                int length = cursor.Int();
                if (start < 0 || length < 0 || start > data.Length - length)
                {
                    throw Malformed("the document of " + name + " lies outside the data");
                }

                policies.Add(new ManagedPolicyInfo(
                    name, arn, path, versionId, new DocumentText(data, start, length), (flags & CatalogBinaryFormat.PolicyDeprecated) != 0, granted));
            }

            return policies;
        });

        public override PolicyGrantRules[]? ReadGrantRules(IReadOnlyList<ManagedPolicyInfo> policies) => Guard(() =>
        {
            var cursor = new Cursor(this, Int(CatalogBinaryFormat.RulesOffset));
            var rules = new PolicyGrantRules[policies.Count];
            for (int i = 0; i < rules.Length; i++)
            {
                var statements = new PolicyGrantRules.Statement[cursor.Count()];
                for (int s = 0; s < statements.Length; s++)
                {
                    int flags = cursor.Int();
                    statements[s] = new PolicyGrantRules.Statement(
                        (flags & CatalogBinaryFormat.StatementAllow) != 0,
                        (flags & CatalogBinaryFormat.StatementNotAction) != 0,
                        cursor.Strings(),
                        (flags & CatalogBinaryFormat.StatementDeniesEverywhere) != 0);
                }

                rules[i] = new PolicyGrantRules(statements);
            }

            return rules;
        });

        public override List<RetiredPolicyInfo> ReadRetiredPolicies() => Guard(() =>
        {
            var cursor = new Cursor(this, Int(CatalogBinaryFormat.RetiredOffset));
            int count = cursor.Count();
            var retired = new List<RetiredPolicyInfo>(count);
            for (int i = 0; i < count; i++)
            {
                retired.Add(new RetiredPolicyInfo(cursor.RequiredString(), cursor.RequiredString(), cursor.RequiredString(), cursor.RequiredString(), cursor.RequiredString()));
            }

            return retired;
        });

        public override List<ScenarioInfo> ReadScenarios() => Guard(() =>
        {
            var cursor = new Cursor(this, Int(CatalogBinaryFormat.ScenariosOffset));
            int count = cursor.Count();
            var scenarios = new List<ScenarioInfo>(count);
            for (int i = 0; i < count; i++)
            {
                string name = cursor.RequiredString();
                string description = cursor.RequiredString();
                ScenarioPermission[] permissions = ReadPermissions(ref cursor);
                ScenarioServiceRole? role = null;
                if (cursor.Int() != 0)
                {
                    string roleName = cursor.RequiredString();
                    string service = cursor.RequiredString();
                    string trust = cursor.RequiredString();
                    string roleReason = cursor.RequiredString();
                    role = new ScenarioServiceRole(roleName, service, trust, ReadPermissions(ref cursor), roleReason);
                }

                scenarios.Add(new ScenarioInfo(name, description, permissions, role));
            }

            return scenarios;
        });

        private static ScenarioPermission[] ReadPermissions(ref Cursor cursor)
        {
            var permissions = new ScenarioPermission[cursor.Count()];
            for (int p = 0; p < permissions.Length; p++)
            {
                string action = cursor.RequiredString();
                string resource = cursor.RequiredString();
                string sample = cursor.RequiredString();
                string? condition = cursor.String();
                string reason = cursor.RequiredString();
                int entries = cursor.Count();
                IReadOnlyDictionary<string, IReadOnlyList<string>> context = EmptyContext;
                if (entries > 0)
                {
                    var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                    for (int e = 0; e < entries; e++)
                    {
                        values[cursor.RequiredString()] = cursor.Strings();
                    }

                    context = values;
                }

                permissions[p] = new ScenarioPermission(action, resource, sample, context, condition, reason);
            }

            return permissions;
        }

        private static bool HasMagic(byte[] data)
        {
            for (int i = 0; i < CatalogBinaryFormat.Magic.Length; i++)
            {
                if (data[i] != CatalogBinaryFormat.Magic[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static CatalogUnavailableException Malformed(string why) =>
            new CatalogUnavailableException("The embedded IAM catalog is malformed: " + why + "; regenerate it with tools/catalog and rebuild.");

        /// <summary>Any out-of-range read means a damaged file: report it as one.</summary>
        private static T Guard<T>(Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception ex) when (ex is IndexOutOfRangeException || ex is ArgumentException || ex is OverflowException)
            {
                throw new CatalogUnavailableException("The embedded IAM catalog is malformed: " + ex.Message + "; regenerate it with tools/catalog and rebuild.", ex);
            }
        }

        private int Int(int offset)
        {
            if ((uint)offset > (uint)(data.Length - 4))
            {
                throw Malformed("an offset lies outside the data");
            }

            return data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24);
        }

        private string? String(int id)
        {
            if (id == -1)
            {
                return null;
            }

            if ((uint)id >= (uint)stringCache.Length)
            {
                throw Malformed("a string number is out of range");
            }

            string? value = stringCache[id];
            if (value is null)
            {
                int start = Int(stringOffsets + (id * 4));
                int end = Int(stringOffsets + ((id + 1) * 4));
                if (start < 0 || end < start || stringBytes + end > data.Length)
                {
                    throw Malformed("a string lies outside the data");
                }

                value = Encoding.UTF8.GetString(data, stringBytes + start, end - start);
                stringCache[id] = value;
            }

            return value;
        }

        /// <summary>Reads consecutive fields from one position.</summary>
        private struct Cursor
        {
            private readonly BinaryCatalogSource source;
            private int at;

            public Cursor(BinaryCatalogSource source, int at)
            {
                this.source = source;
                this.at = at;
            }

            public int Int()
            {
                int value = source.Int(at);
                at += 4;
                return value;
            }

            public int Count()
            {
                int count = Int();
                if (count < 0 || count > source.data.Length / 4)
                {
                    throw Malformed("a count is out of range");
                }

                return count;
            }

            public string? String() => source.String(Int());

            public string RequiredString() => String() ?? throw Malformed("a required string is missing");

            public string[] Strings()
            {
                int count = Count();
                if (count == 0)
                {
                    return Array.Empty<string>();
                }

                var values = new string[count];
                for (int i = 0; i < count; i++)
                {
                    values[i] = RequiredString();
                }

                return values;
            }
        }
    }
}
