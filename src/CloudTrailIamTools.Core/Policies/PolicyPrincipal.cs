using System;
using System.Collections.Generic;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Policies
{
    /// <summary>How specifically a Principal element named the caller; decides whether a resource policy grant stands alone.</summary>
    internal enum PrincipalMatch
    {
        None,

        /// <summary>"*", {"AWS": "*"} or a NotPrincipal that did not exclude the caller.</summary>
        Everyone,

        /// <summary>An account id or root ARN: the account delegates to its own IAM policies.</summary>
        Account,

        /// <summary>The IAM user's ARN.</summary>
        User,

        /// <summary>The role's ARN, matched by a session of that role.</summary>
        Role,

        /// <summary>The assumed-role session or federated-user session ARN itself.</summary>
        Session,

        /// <summary>A service principal, federated provider or canonical user named exactly.</summary>
        Service,
    }

    /// <summary>The Principal or NotPrincipal element: "*" or lists of AWS, Service, Federated and CanonicalUser values.</summary>
    public sealed class PolicyPrincipal
    {
        private readonly Entry[] entries;

        internal PolicyPrincipal(bool isWildcard, string[] aws, string[] service, string[] federated, string[] canonicalUser)
        {
            IsWildcard = isWildcard;
            Aws = aws;
            Service = service;
            Federated = federated;
            CanonicalUser = canonicalUser;
            var list = new List<Entry>();
            foreach (string value in aws)
            {
                list.Add(Entry.ForAws(value));
            }

            foreach (string value in service)
            {
                list.Add(new Entry(EntryKind.Service, value, null, null, null));
            }

            foreach (string value in federated)
            {
                list.Add(new Entry(EntryKind.Exact, value, null, null, null));
            }

            foreach (string value in canonicalUser)
            {
                list.Add(new Entry(EntryKind.Exact, value, null, null, null));
            }

            entries = list.ToArray();
        }

        /// <summary>True for "Principal": "*".</summary>
        public bool IsWildcard { get; }

        public IReadOnlyList<string> Aws { get; }

        public IReadOnlyList<string> Service { get; }

        public IReadOnlyList<string> Federated { get; }

        public IReadOnlyList<string> CanonicalUser { get; }

        private enum EntryKind
        {
            Everyone,
            Account,
            User,
            Role,
            AssumedRole,
            FederatedUser,
            Service,
            Exact,
        }

        /// <summary>The most specific way this element names the caller, or None.</summary>
        internal PrincipalMatch Match(PrincipalIdentity caller)
        {
            if (IsWildcard)
            {
                return PrincipalMatch.Everyone;
            }

            PrincipalMatch best = PrincipalMatch.None;
            foreach (Entry entry in entries)
            {
                PrincipalMatch match = entry.Match(caller);
                if (match > best)
                {
                    best = match;
                }
            }

            return best;
        }

        /// <summary>
        /// For NotPrincipal: an IAM caller is excluded only when both its own ARN (user, session, role) and its
        /// account are listed, as AWS documents; a service principal when named; everyone when "*" is listed.
        /// </summary>
        internal bool Excludes(PrincipalIdentity caller)
        {
            if (IsWildcard)
            {
                return true;
            }

            bool specific = false;
            bool account = false;
            foreach (Entry entry in entries)
            {
                switch (entry.Match(caller))
                {
                    case PrincipalMatch.Everyone:
                        return true;
                    case PrincipalMatch.Service:
                        return true;
                    case PrincipalMatch.Account:
                        account = true;
                        if (caller.Type == PrincipalType.Root)
                        {
                            specific = true;
                        }

                        break;
                    case PrincipalMatch.User:
                    case PrincipalMatch.Role:
                    case PrincipalMatch.Session:
                        specific = true;
                        break;
                }
            }

            return specific && account;
        }

        private sealed class Entry
        {
            public Entry(EntryKind kind, string text, string? account, string? name, string? session)
            {
                Kind = kind;
                Text = text;
                Account = account;
                Name = name;
                Session = session;
            }

            public EntryKind Kind { get; }

            public string Text { get; }

            public string? Account { get; }

            public string? Name { get; }

            public string? Session { get; }

            public static Entry ForAws(string value)
            {
                if (value == "*")
                {
                    return new Entry(EntryKind.Everyone, value, null, null, null);
                }

                if (Arn.IsAccountId(value))
                {
                    return new Entry(EntryKind.Account, value, value, null, null);
                }

                if (PrincipalIdentity.TryParse(value, out PrincipalIdentity? identity))
                {
                    switch (identity.Type)
                    {
                        case PrincipalType.Root:
                            return new Entry(EntryKind.Account, value, identity.AccountId, null, null);
                        case PrincipalType.User:
                            return new Entry(EntryKind.User, value, identity.AccountId, identity.Name, null);
                        case PrincipalType.Role:
                            return new Entry(EntryKind.Role, value, identity.AccountId, identity.Name, null);
                        case PrincipalType.AssumedRole:
                            return new Entry(EntryKind.AssumedRole, value, identity.AccountId, identity.Name, identity.SessionName);
                        case PrincipalType.FederatedUser:
                            return new Entry(EntryKind.FederatedUser, value, identity.AccountId, identity.Name, null);
                    }
                }

                // Unique ids of deleted principals and anything else: only an identical caller matches.
                return new Entry(EntryKind.Exact, value, null, null, null);
            }

            public PrincipalMatch Match(PrincipalIdentity caller)
            {
                switch (Kind)
                {
                    case EntryKind.Everyone:
                        return PrincipalMatch.Everyone;
                    case EntryKind.Account:
                        return caller.Type != PrincipalType.Service && caller.Type != PrincipalType.Anonymous &&
                            caller.AccountId is not null && caller.AccountId == Account
                            ? PrincipalMatch.Account
                            : PrincipalMatch.None;
                    case EntryKind.User:
                        return caller.Type == PrincipalType.User && SameAccountAndName(caller) ? PrincipalMatch.User : PrincipalMatch.None;
                    case EntryKind.Role:
                        return (caller.Type == PrincipalType.Role || caller.Type == PrincipalType.AssumedRole) && SameAccountAndName(caller)
                            ? PrincipalMatch.Role
                            : PrincipalMatch.None;
                    case EntryKind.AssumedRole:
                        return caller.Type == PrincipalType.AssumedRole && SameAccountAndName(caller) &&
                            string.Equals(caller.SessionName, Session, StringComparison.Ordinal)
                            ? PrincipalMatch.Session
                            : PrincipalMatch.None;
                    case EntryKind.FederatedUser:
                        return caller.Type == PrincipalType.FederatedUser && SameAccountAndName(caller) ? PrincipalMatch.Session : PrincipalMatch.None;
                    case EntryKind.Service:
                        return caller.Type == PrincipalType.Service && string.Equals(caller.Name, Text, StringComparison.OrdinalIgnoreCase)
                            ? PrincipalMatch.Service
                            : PrincipalMatch.None;
                    default:
                        return string.Equals(caller.Text, Text, StringComparison.Ordinal) ? PrincipalMatch.Service : PrincipalMatch.None;
                }
            }

            // IAM names are unique case-insensitively; paths do not identify a principal.
            private bool SameAccountAndName(PrincipalIdentity caller) =>
                caller.AccountId == Account && string.Equals(caller.Name, Name, StringComparison.OrdinalIgnoreCase);
        }
    }
}
