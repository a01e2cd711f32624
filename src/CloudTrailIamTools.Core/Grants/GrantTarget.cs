using System.Text.RegularExpressions;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>The IAM user, role or group a permission is granted to, by name (paths are not part of the name).</summary>
    public sealed class GrantTarget
    {
        private static readonly Regex NamePattern = new Regex(@"^[\w+=,.@-]+$", RegexOptions.CultureInvariant);

        public GrantTarget(GrantPrincipalType principalType, string name)
        {
            int maxLength = principalType == GrantPrincipalType.Group ? 128 : 64;
            string trimmed = (name ?? string.Empty).Trim();
            if (trimmed.Length == 0 || trimmed.Length > maxLength || !NamePattern.IsMatch(trimmed))
            {
                throw new InvalidInputException(
                    "'" + name + "' is not a valid IAM " + principalType.ToString().ToLowerInvariant() + " name: use 1 to " + maxLength +
                    " letters, digits and + = , . @ _ - (no path, no ARN).",
                    principalType + "Name");
            }

            PrincipalType = principalType;
            Name = trimmed;
        }

        public GrantPrincipalType PrincipalType { get; }

        public string Name { get; }

        /// <summary>IAM's quota on one inline policy's size (characters, whitespace not counted) for this kind of principal.</summary>
        public int InlinePolicySizeLimit => PrincipalType switch
        {
            GrantPrincipalType.User => 2048,
            GrantPrincipalType.Group => 5120,
            _ => 10240,
        };

        public override string ToString() => PrincipalType.ToString().ToLowerInvariant() + "/" + Name;

        internal static string Describe(GrantPrincipalType type, string name) => "IAM " + type.ToString().ToLowerInvariant() + " " + name;

        internal string Describe() => Describe(PrincipalType, Name);
    }
}
