using System;
using System.Diagnostics.CodeAnalysis;

namespace CloudTrailIamTools.Core.Arns
{
    /// <summary>The kinds of principal that appear in AWS requests and error messages.</summary>
    public enum PrincipalType
    {
        Unknown,
        User,
        Role,
        AssumedRole,
        FederatedUser,
        Root,
        Service,
        Anonymous,
    }

    /// <summary>
    /// A principal as AWS names it: an IAM user or role ARN (paths allowed), an STS assumed-role or
    /// federated-user ARN, an account root, a service principal such as cloudtrail.amazonaws.com, or anonymous.
    /// </summary>
    public sealed class PrincipalIdentity
    {
        private PrincipalIdentity(string text, PrincipalType type)
        {
            Text = text;
            Type = type;
        }

        /// <summary>The principal as written.</summary>
        public string Text { get; }

        public PrincipalType Type { get; }

        public string? Partition { get; private set; }

        public string? AccountId { get; private set; }

        /// <summary>The user or role name without its path; for an assumed role, the role's name.</summary>
        public string? Name { get; private set; }

        /// <summary>The IAM path of a user or role ("/" when none was written); null where ARNs carry none.</summary>
        public string? Path { get; private set; }

        public string? SessionName { get; private set; }

        /// <summary>
        /// The IAM entity that holds the identity policies: the user or role ARN itself, the role behind an
        /// assumed-role session (its path is not in a session ARN, so none is shown), or the account root.
        /// </summary>
        public string? EntityArn { get; private set; }

        /// <summary>The value AWS puts in aws:PrincipalType for this principal, or null where it sets none.</summary>
        public string? ContextPrincipalType => Type switch
        {
            PrincipalType.User => "User",
            PrincipalType.Role => "AssumedRole",
            PrincipalType.AssumedRole => "AssumedRole",
            PrincipalType.FederatedUser => "FederatedUser",
            PrincipalType.Root => "Account",
            PrincipalType.Anonymous => "Anonymous",
            _ => null,
        };

        public bool IsServicePrincipal => Type == PrincipalType.Service;

        /// <summary>Parses any principal form; text that is none of them is Unknown, never an exception.</summary>
        public static PrincipalIdentity Parse(string? text)
        {
            TryParse(text, out PrincipalIdentity? identity);
            return identity!;
        }

        /// <summary>Returns false (and an Unknown identity) when the text is not a recognisable principal.</summary>
        public static bool TryParse(string? text, [NotNullWhen(true)] out PrincipalIdentity? identity)
        {
            string value = (text ?? string.Empty).Trim();
            identity = new PrincipalIdentity(value, PrincipalType.Unknown);
            if (value.Length == 0)
            {
                return false;
            }

            if (value == "*" || value.Equals("Anonymous", StringComparison.OrdinalIgnoreCase) ||
                value.Equals("anonymous user", StringComparison.OrdinalIgnoreCase))
            {
                identity = new PrincipalIdentity(value, PrincipalType.Anonymous);
                return true;
            }

            if (IsServicePrincipalName(value))
            {
                identity = new PrincipalIdentity(value, PrincipalType.Service) { Name = value };
                return true;
            }

            if (Arn.IsAccountId(value))
            {
                identity = new PrincipalIdentity(value, PrincipalType.Root)
                {
                    AccountId = value,
                    Partition = "aws",
                    EntityArn = "arn:aws:iam::" + value + ":root",
                };
                return true;
            }

            if (!Arn.TryParse(value, out Arn? arn))
            {
                return false;
            }

            PrincipalIdentity? parsed = arn.Service switch
            {
                "iam" => ParseIam(value, arn),
                "sts" => ParseSts(value, arn),
                _ => null,
            };
            if (parsed is null)
            {
                return false;
            }

            parsed.Partition = arn.Partition;
            parsed.AccountId = Arn.IsAccountId(arn.AccountId) ? arn.AccountId : null;
            identity = parsed;
            return true;
        }

        /// <summary>Service principals look like host names under amazonaws.com (or .cn) with no ARN prefix.</summary>
        public static bool IsServicePrincipalName(string value) =>
            !value.StartsWith("arn:", StringComparison.Ordinal) &&
            value.IndexOf(' ') < 0 &&
            value.IndexOf('/') < 0 &&
            (value.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) ||
             value.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase) ||
             value.EndsWith(".amazon.com", StringComparison.OrdinalIgnoreCase));

        private static PrincipalIdentity? ParseIam(string text, Arn arn)
        {
            string resource = arn.Resource;
            if (resource == "root")
            {
                return new PrincipalIdentity(text, PrincipalType.Root) { EntityArn = text };
            }

            PrincipalType type;
            if (resource.StartsWith("user/", StringComparison.Ordinal))
            {
                type = PrincipalType.User;
            }
            else if (resource.StartsWith("role/", StringComparison.Ordinal))
            {
                type = PrincipalType.Role;
            }
            else
            {
                return null;
            }

            // user/path/to/name: the name is the last segment, the path what lies between.
            string rest = resource.Substring(resource.IndexOf('/') + 1);
            int lastSlash = rest.LastIndexOf('/');
            string name = lastSlash < 0 ? rest : rest.Substring(lastSlash + 1);
            if (name.Length == 0)
            {
                return null;
            }

            string path = lastSlash < 0 ? "/" : "/" + rest.Substring(0, lastSlash + 1).TrimStart('/');
            return new PrincipalIdentity(text, type) { Name = name, Path = path, EntityArn = text };
        }

        private static PrincipalIdentity? ParseSts(string text, Arn arn)
        {
            string resource = arn.Resource;
            if (resource.StartsWith("assumed-role/", StringComparison.Ordinal))
            {
                string rest = resource.Substring("assumed-role/".Length);
                int slash = rest.IndexOf('/');
                string role = slash < 0 ? rest : rest.Substring(0, slash);
                if (role.Length == 0)
                {
                    return null;
                }

                return new PrincipalIdentity(text, PrincipalType.AssumedRole)
                {
                    Name = role,
                    SessionName = slash < 0 || slash == rest.Length - 1 ? null : rest.Substring(slash + 1),
                    EntityArn = "arn:" + arn.Partition + ":iam::" + arn.AccountId + ":role/" + role,
                };
            }

            if (resource.StartsWith("federated-user/", StringComparison.Ordinal))
            {
                string name = resource.Substring("federated-user/".Length);
                return name.Length == 0 ? null : new PrincipalIdentity(text, PrincipalType.FederatedUser) { Name = name };
            }

            return null;
        }
    }
}
