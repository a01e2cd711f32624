using System.Globalization;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>Labels for unnamed policies, naming where they sat in the request; small indexes are cached.</summary>
    internal static class PolicyLabels
    {
        private const int Cached = 8;
        private static readonly string[] Identity = Build("IdentityPolicies", -1);
        private static readonly string[][] Scp = BuildLevels("ServiceControlPolicies");
        private static readonly string[][] Rcp = BuildLevels("ResourceControlPolicies");

        public static string For(PolicyType type, int level, int index) => type switch
        {
            PolicyType.IdentityBased => index < Cached ? Identity[index] : "IdentityPolicies[" + index + "]",
            PolicyType.ServiceControl => Nested(Scp, "ServiceControlPolicies", level, index),
            PolicyType.ResourceControl => Nested(Rcp, "ResourceControlPolicies", level, index),
            PolicyType.PermissionsBoundary => "PermissionsBoundary",
            PolicyType.Session => "SessionPolicy",
            PolicyType.ResourceBased => "ResourcePolicy",
            _ => "VpcEndpointPolicy",
        };

        private static string Nested(string[][] cache, string name, int level, int index) =>
            level < Cached && index < Cached ? cache[level][index] : name + "[" + level + "][" + index + "]";

        private static string[][] BuildLevels(string name)
        {
            var levels = new string[Cached][];
            for (int level = 0; level < Cached; level++)
            {
                levels[level] = Build(name, level);
            }

            return levels;
        }

        private static string[] Build(string name, int level)
        {
            var labels = new string[Cached];
            for (int i = 0; i < Cached; i++)
            {
                labels[i] = level < 0
                    ? name + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"
                    : name + "[" + level.ToString(CultureInfo.InvariantCulture) + "][" + i.ToString(CultureInfo.InvariantCulture) + "]";
            }

            return labels;
        }
    }
}
