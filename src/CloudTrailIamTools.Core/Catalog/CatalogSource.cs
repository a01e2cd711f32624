using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// Where an <see cref="IamCatalog"/> reads its parts from. The catalog asks for each part on first use, so a
    /// source can leave what a run never touches unread (the embedded binary form does; a JSON file is read whole).
    /// </summary>
    internal abstract class CatalogSource
    {
        public abstract string Version { get; }

        /// <summary>Service prefixes in file order (sorted).</summary>
        public abstract IReadOnlyList<string> ServicePrefixes { get; }

        /// <summary>The service at <paramref name="index"/> of <see cref="ServicePrefixes"/>, with its actions.</summary>
        public abstract ServiceContent ReadService(int index);

        /// <summary>The managed policies in file order.</summary>
        public abstract List<ManagedPolicyInfo> ReadManagedPolicies();

        /// <summary>Grant rules aligned with <paramref name="policies"/> (the list <see cref="ReadManagedPolicies"/> gave), or null when they must be parsed from the documents.</summary>
        public abstract PolicyGrantRules[]? ReadGrantRules(IReadOnlyList<ManagedPolicyInfo> policies);

        public abstract List<RetiredPolicyInfo> ReadRetiredPolicies();

        public abstract List<ScenarioInfo> ReadScenarios();
    }

    /// <summary>A catalog read in full from its JSON text (the generator's output; tests' catalogs).</summary>
    internal sealed class JsonCatalogSource : CatalogSource
    {
        private readonly CatalogContent content;
        private readonly string[] prefixes;

        public JsonCatalogSource(CatalogContent content)
        {
            this.content = content;
            prefixes = new string[content.Services.Count];
            for (int i = 0; i < prefixes.Length; i++)
            {
                prefixes[i] = content.Services[i].Prefix;
            }
        }

        public override string Version => content.Version;

        public override IReadOnlyList<string> ServicePrefixes => prefixes;

        public override ServiceContent ReadService(int index) => content.Services[index];

        public override List<ManagedPolicyInfo> ReadManagedPolicies() => content.ManagedPolicies;

        public override PolicyGrantRules[]? ReadGrantRules(IReadOnlyList<ManagedPolicyInfo> policies) => null;

        public override List<RetiredPolicyInfo> ReadRetiredPolicies() => content.RetiredPolicies;

        public override List<ScenarioInfo> ReadScenarios() => content.Scenarios;
    }
}
