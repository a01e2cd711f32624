using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// Writes a catalog in the binary form the assembly embeds (see <see cref="CatalogBinaryFormat"/>). The same
    /// catalog always gives the same bytes, so a test can tell whether the embedded file is up to date.
    /// </summary>
    internal static class CatalogBinaryWriter
    {
        public static byte[] Write(IamCatalog catalog)
        {
            if (catalog is null)
            {
                throw new ArgumentNullException(nameof(catalog));
            }

            var strings = new StringTable();
            int version = strings.Id(catalog.Version);
            var body = new MemoryStream();
            var w = new BinaryWriter(body, Encoding.UTF8);
            int At() => CatalogBinaryFormat.HeaderLength + (int)body.Position;

            // Services: the index first (fixed size), then the records it points at.
            IReadOnlyList<string> prefixes = catalog.Services;
            int servicesOffset = At();
            long indexStart = body.Position;
            for (int i = 0; i < prefixes.Count; i++)
            {
                w.Write(strings.Id(prefixes[i]));
                w.Write(0);
            }

            var recordOffsets = new int[prefixes.Count];
            for (int i = 0; i < prefixes.Count; i++)
            {
                recordOffsets[i] = At();
                WriteService(w, strings, catalog.ServiceContentAt(i));
            }

            long end = body.Position;
            for (int i = 0; i < prefixes.Count; i++)
            {
                body.Position = indexStart + (i * 8) + 4;
                w.Write(recordOffsets[i]);
            }

            body.Position = end;

            IReadOnlyList<ManagedPolicyInfo> policies = catalog.ManagedPolicies;
            var documents = new List<byte[]>(policies.Count);
            foreach (ManagedPolicyInfo policy in policies)
            {
                documents.Add(Encoding.UTF8.GetBytes(policy.Document));
            }

            int policiesOffset = At();
            w.Write(policies.Count);
            int documentsLength = 0;
            var documentStarts = new List<long>(policies.Count);
            for (int i = 0; i < policies.Count; i++)
            {
                ManagedPolicyInfo policy = policies[i];
                w.Write(strings.Id(policy.Name));
                w.Write(strings.Id(policy.Arn));
                w.Write(strings.Id(policy.Path));
                w.Write(strings.Id(policy.DefaultVersionId));
                w.Write(policy.IsDeprecated ? CatalogBinaryFormat.PolicyDeprecated : 0);
                w.Write(policy.GrantedActionCount);
                documentStarts.Add(body.Position);
                w.Write(0); // the document's offset, known once the documents are placed
                w.Write(documents[i].Length);
                documentsLength += documents[i].Length;
            }

            int rulesOffset = At();
            foreach (ManagedPolicyInfo policy in policies)
            {
                IReadOnlyList<PolicyGrantRules.Statement> statements = PolicyGrantRules.Parse(policy).Statements;
                w.Write(statements.Count);
                foreach (PolicyGrantRules.Statement statement in statements)
                {
                    w.Write((statement.IsAllow ? CatalogBinaryFormat.StatementAllow : 0)
                        | (statement.IsNotAction ? CatalogBinaryFormat.StatementNotAction : 0)
                        | (statement.DeniesEverywhere ? CatalogBinaryFormat.StatementDeniesEverywhere : 0));
                    WriteStrings(w, strings, statement.Patterns);
                }
            }

            int retiredOffset = At();
            w.Write(catalog.RetiredPolicies.Count);
            foreach (RetiredPolicyInfo retired in catalog.RetiredPolicies)
            {
                w.Write(strings.Id(retired.Name));
                w.Write(strings.Id(retired.Arn));
                w.Write(strings.Id(retired.ReplacedBy));
                w.Write(strings.Id(retired.ReplacedByArn));
                w.Write(strings.Id(retired.Note));
            }

            int scenariosOffset = At();
            w.Write(catalog.Scenarios.Count);
            foreach (ScenarioInfo scenario in catalog.Scenarios)
            {
                w.Write(strings.Id(scenario.Name));
                w.Write(strings.Id(scenario.Description));
                WritePermissions(w, strings, scenario.Permissions);
                ScenarioServiceRole? role = scenario.ServiceRole;
                w.Write(role is null ? 0 : 1);
                if (role is not null)
                {
                    w.Write(strings.Id(role.RoleName));
                    w.Write(strings.Id(role.Service));
                    w.Write(strings.Id(role.TrustCondition));
                    w.Write(strings.Id(role.Reason));
                    WritePermissions(w, strings, role.Permissions);
                }
            }

            int documentsOffset = At();
            int next = documentsOffset;
            end = body.Position;
            for (int i = 0; i < documents.Count; i++)
            {
                body.Position = documentStarts[i];
                w.Write(next);
                next += documents[i].Length;
            }

            body.Position = end;
            foreach (byte[] document in documents)
            {
                w.Write(document);
            }

            int stringsOffset = At();
            strings.WriteTo(w);
            w.Flush();

            byte[] result = new byte[CatalogBinaryFormat.HeaderLength + body.Length];
            Buffer.BlockCopy(CatalogBinaryFormat.Magic, 0, result, 0, CatalogBinaryFormat.Magic.Length);
            Put(result, CatalogBinaryFormat.StringsOffset, stringsOffset);
            Put(result, CatalogBinaryFormat.StringCount, strings.Count);
            Put(result, CatalogBinaryFormat.Version, version);
            Put(result, CatalogBinaryFormat.ServiceCount, prefixes.Count);
            Put(result, CatalogBinaryFormat.ServicesOffset, servicesOffset);
            Put(result, CatalogBinaryFormat.PoliciesOffset, policiesOffset);
            Put(result, CatalogBinaryFormat.RulesOffset, rulesOffset);
            Put(result, CatalogBinaryFormat.RetiredOffset, retiredOffset);
            Put(result, CatalogBinaryFormat.ScenariosOffset, scenariosOffset);
            Put(result, CatalogBinaryFormat.DocumentsOffset, documentsOffset);
            Put(result, CatalogBinaryFormat.TotalLength, result.Length);
            body.Position = 0;
            body.Read(result, CatalogBinaryFormat.HeaderLength, (int)body.Length);
            return result;
        }

        private static void WriteService(BinaryWriter w, StringTable strings, ServiceContent service)
        {
            w.Write(strings.Id(service.Name));
            w.Write(service.ResourceTypes.Count);
            foreach (ResourceTypeInfo type in service.ResourceTypes)
            {
                w.Write(strings.Id(type.Name));
                WriteStrings(w, strings, type.ArnFormats);
                WriteStrings(w, strings, type.ConditionKeys);
            }

            w.Write(service.ConditionKeys.Count);
            foreach (ConditionKeyInfo key in service.ConditionKeys)
            {
                w.Write(strings.Id(key.Name));
                w.Write(strings.Id(key.Type));
            }

            w.Write(service.Actions.Count);
            foreach (ActionInfo action in service.Actions)
            {
                w.Write(strings.Id(action.Name));
                w.Write(strings.Id(action.AccessLevel));
                w.Write(action.ResourceTypes.Count);
                foreach (ActionResourceType type in action.ResourceTypes)
                {
                    // ARN formats are the service's own for that type name: the reader looks them up again.
                    bool hasKeys = type.ConditionKeys.Count > 0;
                    w.Write(strings.Id(type.Name));
                    w.Write((type.Required ? CatalogBinaryFormat.ActionTypeRequired : 0) | (hasKeys ? CatalogBinaryFormat.ActionTypeHasKeys : 0));
                    if (hasKeys)
                    {
                        WriteStrings(w, strings, type.ConditionKeys);
                    }
                }

                WriteStrings(w, strings, action.ConditionKeys);
            }
        }

        private static void WritePermissions(BinaryWriter w, StringTable strings, IReadOnlyList<ScenarioPermission> permissions)
        {
            w.Write(permissions.Count);
            foreach (ScenarioPermission permission in permissions)
            {
                w.Write(strings.Id(permission.Action));
                w.Write(strings.Id(permission.Resource));
                w.Write(strings.Id(permission.SampleResource));
                w.Write(strings.Id(permission.Condition));
                w.Write(strings.Id(permission.Reason));
                w.Write(permission.Context.Count);
                foreach (KeyValuePair<string, IReadOnlyList<string>> entry in permission.Context)
                {
                    w.Write(strings.Id(entry.Key));
                    WriteStrings(w, strings, entry.Value);
                }
            }
        }

        private static void WriteStrings(BinaryWriter w, StringTable strings, IReadOnlyList<string> values)
        {
            w.Write(values.Count);
            foreach (string value in values)
            {
                w.Write(strings.Id(value));
            }
        }

        private static void Put(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Each distinct string once, numbered in order of first use.</summary>
        private sealed class StringTable
        {
            private readonly Dictionary<string, int> ids = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly List<string> values = new List<string>();

            public int Count => values.Count;

            public int Id(string? value)
            {
                if (value is null)
                {
                    return -1;
                }

                if (!ids.TryGetValue(value, out int id))
                {
                    id = values.Count;
                    ids.Add(value, id);
                    values.Add(value);
                }

                return id;
            }

            public void WriteTo(BinaryWriter w)
            {
                var encoded = new List<byte[]>(values.Count);
                foreach (string value in values)
                {
                    encoded.Add(Encoding.UTF8.GetBytes(value));
                }

                int offset = 0;
                w.Write(offset);
                foreach (byte[] bytes in encoded)
                {
                    offset += bytes.Length;
                    w.Write(offset);
                }

                foreach (byte[] bytes in encoded)
                {
                    w.Write(bytes);
                }
            }
        }
    }
}
