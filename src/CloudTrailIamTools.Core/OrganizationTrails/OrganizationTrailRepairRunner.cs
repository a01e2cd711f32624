using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.OrganizationTrails
{
    public sealed class OrganizationTrailRepairOptions
    {
        /// <summary>A member account to make (or confirm as) a CloudTrail delegated administrator; 12 digits.</summary>
        public string? DelegatedAdministratorAccountId { get; init; }

        /// <summary>How often the state is read again after fixing before a fix is reported as not visible.</summary>
        public int VerificationAttempts { get; init; } = 3;

        /// <summary>Pause between verification reads (AWS shows some changes after a moment).</summary>
        public TimeSpan VerificationDelay { get; init; } = TimeSpan.FromSeconds(2);
    }

    /// <summary>
    /// Checks the prerequisites of organization trails, event data stores and CloudTrail delegated administrators in
    /// order, fixes what the approver allows, then reads the state again. Every AWS failure, an AccessDenied included,
    /// becomes a result; a failure that makes later checks meaningless marks them Skipped with the reason.
    /// </summary>
    public sealed class OrganizationTrailRepairRunner
    {
        public const string CloudTrailServicePrincipal = "cloudtrail.amazonaws.com";
        public const string ServiceLinkedRolePath = "/aws-service-role/cloudtrail.amazonaws.com/";
        public const int MaxDelegatedAdministrators = 3;

        private static readonly Regex AccountIdShape = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);

        private readonly IOrganizationTrailApi api;
        private readonly IFixApprover approver;

        public OrganizationTrailRepairRunner(IOrganizationTrailApi api, IFixApprover approver)
        {
            this.api = api ?? throw new ArgumentNullException(nameof(api));
            this.approver = approver ?? throw new ArgumentNullException(nameof(approver));
        }

        /// <summary>Throws <see cref="InvalidInputException"/> unless the value is a 12-digit account id.</summary>
        public static string ValidateAccountId(string? accountId, string location)
        {
            string trimmed = accountId?.Trim() ?? string.Empty;
            if (!AccountIdShape.IsMatch(trimmed))
            {
                throw new InvalidInputException(
                    $"'{accountId}' is not an AWS account id: {location} needs the 12 digits of a member account, e.g. 111122223333.", location);
            }

            return trimmed;
        }

        /// <summary>Runs every check; <paramref name="onResult"/> sees each result as soon as it is known.</summary>
        public async Task<IReadOnlyList<OrganizationTrailCheckResult>> RunAsync(
            OrganizationTrailRepairOptions? options = null,
            Action<OrganizationTrailCheckResult>? onResult = null,
            CancellationToken cancellationToken = default)
        {
            options ??= new OrganizationTrailRepairOptions();
            string? delegatedAccount = options.DelegatedAdministratorAccountId is null
                ? null
                : ValidateAccountId(options.DelegatedAdministratorAccountId, "DelegatedAdministratorAccountId");
            var run = new Run(this, options, delegatedAccount, onResult, cancellationToken);
            await run.ExecuteAsync().ConfigureAwait(false);
            return run.Results;
        }

        /// <summary>True when a trust policy lets <paramref name="servicePrincipal"/> assume the role.</summary>
        public static bool TrustsService(string? trustPolicy, string servicePrincipal)
        {
            if (string.IsNullOrWhiteSpace(trustPolicy))
            {
                return false;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(trustPolicy!);
                if (!document.RootElement.TryGetProperty("Statement", out JsonElement statements))
                {
                    return false;
                }

                IEnumerable<JsonElement> list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : new[] { statements };
                foreach (JsonElement statement in list)
                {
                    if (statement.ValueKind != JsonValueKind.Object
                        || !statement.TryGetProperty("Effect", out JsonElement effect) || effect.ValueKind != JsonValueKind.String
                        || !string.Equals(effect.GetString(), "Allow", StringComparison.Ordinal)
                        || !statement.TryGetProperty("Principal", out JsonElement principal) || principal.ValueKind != JsonValueKind.Object
                        || !principal.TryGetProperty("Service", out JsonElement service))
                    {
                        continue;
                    }

                    IEnumerable<JsonElement> services = service.ValueKind == JsonValueKind.Array ? service.EnumerateArray() : new[] { service };
                    if (services.Any(s => s.ValueKind == JsonValueKind.String && string.Equals(s.GetString(), servicePrincipal, StringComparison.OrdinalIgnoreCase)))
                    {
                        return true;
                    }
                }
            }
            catch (JsonException)
            {
                return false;
            }

            return false;
        }

        /// <summary>One run's state: results so far, what was fixed, and the reads the checks share.</summary>
        private sealed class Run
        {
            private static readonly OrganizationTrailCheck[] Order = (OrganizationTrailCheck[])Enum.GetValues(typeof(OrganizationTrailCheck));

            private readonly OrganizationTrailRepairRunner owner;
            private readonly OrganizationTrailRepairOptions options;
            private readonly string? delegatedAccount;
            private readonly Action<OrganizationTrailCheckResult>? onResult;
            private readonly CancellationToken cancellationToken;
            private readonly List<OrganizationTrailCheckResult> results = new List<OrganizationTrailCheckResult>();
            private readonly List<OrganizationTrailCheck> applied = new List<OrganizationTrailCheck>();
            private readonly List<OrganizationTrailCheck> declined = new List<OrganizationTrailCheck>();

            private CallerIdentity identity = null!;
            private AwsOrganization organization = null!;

            public Run(OrganizationTrailRepairRunner owner, OrganizationTrailRepairOptions options, string? delegatedAccount,
                Action<OrganizationTrailCheckResult>? onResult, CancellationToken cancellationToken)
            {
                this.owner = owner;
                this.options = options;
                this.delegatedAccount = delegatedAccount;
                this.onResult = onResult;
                this.cancellationToken = cancellationToken;
            }

            public IReadOnlyList<OrganizationTrailCheckResult> Results => results;

            private IOrganizationTrailApi Api => owner.api;

            private string ManagementAccount => organization.ManagementAccountId ?? "(unknown)";

            /// <summary>aws, aws-cn or aws-us-gov, from the caller's ARN: suggested policies name ARNs of that partition.</summary>
            private string CallerPartition => identity is not null && Arn.TryParse(identity.Arn, out Arn? caller) ? caller.Partition : "aws";

            public async Task ExecuteAsync()
            {
                if (!await CheckCallerAsync().ConfigureAwait(false)
                    || !await CheckOrganizationAsync().ConfigureAwait(false)
                    || !CheckAllFeatures()
                    || !await CheckManagementAccountAsync().ConfigureAwait(false))
                {
                    return;
                }

                // Read everything once up front: the Permissions check reports refusals, the later checks use the answers.
                var trusted = await TryAsync(() => Api.ListAwsServiceAccessForOrganizationAsync(cancellationToken)).ConfigureAwait(false);
                var roles = await TryAsync(() => Api.ListRolesAsync(ServiceLinkedRolePath, cancellationToken)).ConfigureAwait(false);
                ApiCallResult<OrganizationAccount>? account = null;
                ApiCallResult<IReadOnlyList<DelegatedAdministrator>>? administrators = null;
                if (delegatedAccount is not null && delegatedAccount != organization.ManagementAccountId)
                {
                    account = await TryAsync(() => Api.DescribeAccountAsync(delegatedAccount, cancellationToken)).ConfigureAwait(false);
                    administrators = await TryAsync(() => Api.ListDelegatedAdministratorsAsync(CloudTrailServicePrincipal, cancellationToken)).ConfigureAwait(false);
                }

                CheckPermissions(new[] { trusted.Error, roles.Error, account?.Error, administrators?.Error });
                CheckStatus trustedAccess = await CheckTrustedAccessAsync(trusted).ConfigureAwait(false);
                await CheckServiceLinkedRoleAsync(roles).ConfigureAwait(false);
                await CheckDelegatedAdministratorAsync(account, administrators, trustedAccess).ConfigureAwait(false);
                await VerifyAsync().ConfigureAwait(false);
            }

            private async Task<bool> CheckCallerAsync()
            {
                var caller = await TryAsync(() => Api.GetCallerIdentityAsync(cancellationToken)).ConfigureAwait(false);
                if (caller.Error is not null)
                {
                    Emit(FromError(OrganizationTrailCheck.CallerIdentity, caller.Error, "Could not tell who is calling", null, null,
                        "Check the credentials and endpoint (sts:GetCallerIdentity says whom they sign for), then run this again."));
                    SkipAfter(OrganizationTrailCheck.CallerIdentity, "the caller's identity is unknown");
                    return false;
                }

                identity = caller.Value!;
                Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.CallerIdentity, CheckStatus.Passed,
                    $"Calling as {identity.Arn} in account {identity.Account}.", accountId: identity.Account, target: identity.Arn));
                return true;
            }

            private async Task<bool> CheckOrganizationAsync()
            {
                var described = await TryAsync(() => Api.DescribeOrganizationAsync(cancellationToken)).ConfigureAwait(false);
                if (described.Error is AwsServiceCallException notInUse && IsNotInOrganization(notInUse.ErrorCode))
                {
                    Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.Organization, CheckStatus.Failed,
                        $"Account {identity.Account} is not a member of an AWS organization, so it can have neither organization trails nor organization event data stores.",
                        "Create an organization with all features from this account (organizations:CreateOrganization with FeatureSet ALL) or have it invited into one, then run this again. For a trail of this account only, create the trail without IsOrganizationTrail.",
                        notInUse.ErrorCode, notInUse.Operation, accountId: identity.Account));
                    SkipAfter(OrganizationTrailCheck.Organization, "the account is not in an organization");
                    return false;
                }

                if (described.Error is not null)
                {
                    Emit(FromError(OrganizationTrailCheck.Organization, described.Error, "Could not read the organization", identity.Account, null, null));
                    SkipAfter(OrganizationTrailCheck.Organization, "the organization could not be read");
                    return false;
                }

                organization = described.Value!;
                Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.Organization, CheckStatus.Passed,
                    $"Account {identity.Account} belongs to organization {organization.Id}, whose management account is {ManagementAccount}.",
                    accountId: identity.Account, target: organization.Id));
                return true;
            }

            private bool CheckAllFeatures()
            {
                if (organization.AllFeaturesEnabled)
                {
                    Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.AllFeatures, CheckStatus.Passed,
                        $"Organization {organization.Id} has all features enabled.", accountId: organization.ManagementAccountId, target: organization.Id));
                    return true;
                }

                Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.AllFeatures, CheckStatus.Failed,
                    $"Organization {organization.Id} has only consolidated billing (FeatureSet {organization.FeatureSet ?? "unknown"}); organization trails, event data stores and delegated administrators need all features.",
                    "From the management account, enable all features (organizations:EnableAllFeatures). Every invited member account must accept the request before it takes effect. This command does not start it because it changes how the whole organization is governed.",
                    accountId: organization.ManagementAccountId, target: organization.Id));
                SkipAfter(OrganizationTrailCheck.AllFeatures, "the organization does not have all features enabled");
                return false;
            }

            private async Task<bool> CheckManagementAccountAsync()
            {
                if (string.Equals(identity.Account, organization.ManagementAccountId, StringComparison.Ordinal))
                {
                    Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.ManagementAccount, CheckStatus.Passed,
                        $"The caller is in the management account {ManagementAccount}.", accountId: identity.Account, target: organization.Id));
                    return true;
                }

                // From a member account this list is usually refused; then we say we could not tell.
                var administrators = await TryAsync(() => Api.ListDelegatedAdministratorsAsync(CloudTrailServicePrincipal, cancellationToken)).ConfigureAwait(false);
                bool? delegated = administrators.Error is null ? administrators.Value!.Any(a => a.AccountId == identity.Account) : (bool?)null;
                string role = delegated switch
                {
                    true => $"Account {identity.Account} is a member account registered as a CloudTrail delegated administrator of organization {organization.Id}. From here you can create, update and delete organization trails and event data stores (they belong to the management account, so address them by ARN), but you cannot enable trusted access, create the management account's service-linked role, or register delegated administrators.",
                    false => $"Account {identity.Account} is a member account of organization {organization.Id} and not a CloudTrail delegated administrator. From here you can manage only this account's own trails; organization trails, trusted access, the service-linked role and delegated administrators are managed from the management account or a delegated administrator.",
                    _ => $"Account {identity.Account} is a member account of organization {organization.Id}, not its management account (whether it is a CloudTrail delegated administrator could not be read from here). A delegated administrator can manage organization trails and event data stores; only the management account can enable trusted access, create its service-linked role and register delegated administrators.",
                };
                Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.ManagementAccount, CheckStatus.Failed, role,
                    $"Run this again with credentials of the management account {ManagementAccount}.",
                    accountId: identity.Account, target: organization.ManagementAccountId));
                SkipAfter(OrganizationTrailCheck.ManagementAccount, $"the caller is not in the management account {ManagementAccount}, where the remaining checks read and fix");
                return false;
            }

            private void CheckPermissions(IEnumerable<AwsServiceCallException?> reads)
            {
                var denied = reads.Where(e => e is not null && e.IsAccessDenied).Select(e => e!).ToList();
                string writes = delegatedAccount is null
                    ? "organizations:EnableAWSServiceAccess and iam:CreateServiceLinkedRole"
                    : "organizations:EnableAWSServiceAccess, iam:CreateServiceLinkedRole, cloudtrail:RegisterOrganizationDelegatedAdmin and organizations:RegisterDelegatedAdministrator";
                if (denied.Count == 0)
                {
                    Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.Permissions, CheckStatus.Passed,
                        $"The caller may read everything this repair checks. The permissions a fix needs ({writes}) are used only when that fix runs; a refusal is reported on its check.",
                        accountId: identity.Account, target: identity.Arn));
                    return;
                }

                var missing = denied.SelectMany(MissingActions).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                Emit(new OrganizationTrailCheckResult(OrganizationTrailCheck.Permissions, CheckStatus.Failed,
                    $"The caller was refused {string.Join(", ", denied.Select(e => e.Operation))}: missing permission {string.Join(", ", missing)}. The checks that need these reads fail below.",
                    $"Grant {identity.Arn} the missing permissions (SuggestedPolicy allows exactly these), and also {writes} if fixes are needed, then run this again.",
                    denied[0].ErrorCode, denied[0].Operation, missing, RepairPermissions.PolicyFor(missing, CallerPartition), identity.Account, identity.Arn));
            }

            private async Task<CheckStatus> CheckTrustedAccessAsync(ApiCallResult<IReadOnlyList<EnabledServicePrincipal>> trusted)
            {
                const OrganizationTrailCheck check = OrganizationTrailCheck.TrustedAccess;
                if (trusted.Error is not null)
                {
                    return Emit(FromError(check, trusted.Error, "Could not read which services have trusted access", ManagementAccount, CloudTrailServicePrincipal, null)).Status;
                }

                EnabledServicePrincipal? enabled = trusted.Value!.FirstOrDefault(p => IsCloudTrail(p.ServicePrincipal));
                if (enabled is not null)
                {
                    string since = enabled.DateEnabled is null ? string.Empty : " since " + enabled.DateEnabled.Value.ToString("u", CultureInfo.InvariantCulture);
                    return Emit(new OrganizationTrailCheckResult(check, CheckStatus.Passed,
                        $"Trusted access for {CloudTrailServicePrincipal} is enabled in organization {organization.Id}{since}.",
                        accountId: ManagementAccount, target: CloudTrailServicePrincipal)).Status;
                }

                return Emit(await FixAsync(
                    new FixProposal(check, $"organization {organization.Id} (management account {ManagementAccount})", $"Enable trusted access for {CloudTrailServicePrincipal} (organizations:EnableAWSServiceAccess)"),
                    $"Trusted access for {CloudTrailServicePrincipal} is not enabled in organization {organization.Id}.",
                    () => Done(Api.EnableAwsServiceAccessAsync(CloudTrailServicePrincipal, cancellationToken)),
                    $"Enabled trusted access for {CloudTrailServicePrincipal} in organization {organization.Id}.",
                    ManagementAccount, CloudTrailServicePrincipal).ConfigureAwait(false)).Status;
            }

            private async Task CheckServiceLinkedRoleAsync(ApiCallResult<IReadOnlyList<IamRole>> roles)
            {
                const OrganizationTrailCheck check = OrganizationTrailCheck.ServiceLinkedRole;
                if (roles.Error is not null)
                {
                    Emit(FromError(check, roles.Error, $"Could not list the roles under {ServiceLinkedRolePath}", ManagementAccount, ServiceLinkedRolePath, null));
                    return;
                }

                var atPath = roles.Value!.Where(r => string.Equals(r.Path, ServiceLinkedRolePath, StringComparison.Ordinal)).ToList();
                IamRole? role = atPath.FirstOrDefault(r => TrustsService(r.AssumeRolePolicyDocument, CloudTrailServicePrincipal));
                if (role is not null)
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Passed,
                        $"CloudTrail's service-linked role {role.RoleName} ({role.Arn}) exists in the management account {ManagementAccount} and trusts {CloudTrailServicePrincipal}.",
                        accountId: ManagementAccount, target: role.Arn));
                    return;
                }

                if (atPath.Count > 0)
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Failed,
                        $"Role {atPath[0].Arn} is under {ServiceLinkedRolePath} but its trust policy does not name {CloudTrailServicePrincipal}, so CloudTrail cannot use it.",
                        "Service-linked roles cannot be edited: delete it (iam:DeleteServiceLinkedRole) and run this again to create it afresh.",
                        accountId: ManagementAccount, target: atPath[0].Arn));
                    return;
                }

                Emit(await FixAsync(
                    new FixProposal(check, $"account {ManagementAccount} (management account)", $"Create the service-linked role for {CloudTrailServicePrincipal} (iam:CreateServiceLinkedRole)"),
                    $"The management account {ManagementAccount} has no CloudTrail service-linked role (no role under {ServiceLinkedRolePath} trusting {CloudTrailServicePrincipal}).",
                    async () =>
                    {
                        IamRole created = await Api.CreateServiceLinkedRoleAsync(CloudTrailServicePrincipal, cancellationToken).ConfigureAwait(false);
                        return $"Created CloudTrail's service-linked role {created.RoleName} ({created.Arn}) in the management account {ManagementAccount}.";
                    },
                    $"Created CloudTrail's service-linked role in the management account {ManagementAccount}.",
                    ManagementAccount, ServiceLinkedRolePath).ConfigureAwait(false));
            }

            private async Task CheckDelegatedAdministratorAsync(
                ApiCallResult<OrganizationAccount>? account, ApiCallResult<IReadOnlyList<DelegatedAdministrator>>? administrators, CheckStatus trustedAccess)
            {
                const OrganizationTrailCheck check = OrganizationTrailCheck.DelegatedAdministrator;
                if (delegatedAccount is null)
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.NotApplicable,
                        "No delegated administrator account was given (" + OptionNames.DelegatedAdministratorAccountId + ")."));
                    return;
                }

                if (delegatedAccount == organization.ManagementAccountId)
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Failed,
                        $"Account {delegatedAccount} is the management account; it cannot be its own delegated administrator (AWS refuses it with CannotDelegateManagementAccountException).",
                        "Choose a member account, such as a security tooling account, and run this again with its id.",
                        accountId: delegatedAccount, target: organization.Id));
                    return;
                }

                if (account!.Error is AwsServiceCallException notFound && notFound.ErrorCode == "AccountNotFoundException")
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Failed,
                        $"Account {delegatedAccount} is not a member of organization {organization.Id}.",
                        "Check the account id (organizations:ListAccounts lists the members) or invite the account into the organization, then run this again.",
                        notFound.ErrorCode, notFound.Operation, accountId: delegatedAccount, target: organization.Id));
                    return;
                }

                if (account.Error is not null)
                {
                    Emit(FromError(check, account.Error, $"Could not read account {delegatedAccount}", delegatedAccount, organization.Id, null));
                    return;
                }

                if (administrators!.Error is not null)
                {
                    Emit(FromError(check, administrators.Error, "Could not list CloudTrail's delegated administrators", delegatedAccount, CloudTrailServicePrincipal, null));
                    return;
                }

                string name = string.IsNullOrEmpty(account.Value!.Name) ? delegatedAccount : $"{delegatedAccount} ({account.Value.Name})";
                DelegatedAdministrator? existing = administrators.Value!.FirstOrDefault(a => a.AccountId == delegatedAccount);
                if (existing is not null)
                {
                    string since = existing.DelegationEnabledDate is null ? string.Empty : " since " + existing.DelegationEnabledDate.Value.ToString("u", CultureInfo.InvariantCulture);
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Passed,
                        $"Account {name} is a CloudTrail delegated administrator{since}.", accountId: delegatedAccount, target: CloudTrailServicePrincipal));
                    return;
                }

                if (!string.Equals(account.Value.Status ?? "ACTIVE", "ACTIVE", StringComparison.OrdinalIgnoreCase))
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Failed,
                        $"Account {name} is {account.Value.Status}, not ACTIVE; only active member accounts can be delegated administrators.",
                        "Choose an active member account.", accountId: delegatedAccount, target: organization.Id));
                    return;
                }

                if (administrators.Value!.Count >= MaxDelegatedAdministrators)
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Failed,
                        $"Organization {organization.Id} already has {administrators.Value.Count} CloudTrail delegated administrators ({string.Join(", ", administrators.Value.Select(a => a.AccountId))}); CloudTrail allows at most {MaxDelegatedAdministrators}.",
                        "From the management account, deregister one that is no longer needed (cloudtrail:DeregisterOrganizationDelegatedAdmin with DelegatedAdminAccountId <id>), then run this again.",
                        accountId: delegatedAccount, target: CloudTrailServicePrincipal));
                    return;
                }

                if (trustedAccess == CheckStatus.Failed)
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Skipped,
                        $"Account {name} is not a CloudTrail delegated administrator, and it was not registered: registration needs trusted access for {CloudTrailServicePrincipal}, which is not enabled (see TrustedAccess).",
                        "Fix the TrustedAccess check first, then run this again.", accountId: delegatedAccount, target: CloudTrailServicePrincipal));
                    return;
                }

                // Declining trusted access says "not now" for what depends on it too; a preview (WhatIf) still shows WouldFix.
                if (declined.Contains(OrganizationTrailCheck.TrustedAccess))
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Skipped,
                        $"Account {name} is not a CloudTrail delegated administrator, and it was not registered: registration needs trusted access for {CloudTrailServicePrincipal}, and enabling it was declined (see TrustedAccess).",
                        "Run this again and confirm enabling trusted access, then the registration.", accountId: delegatedAccount, target: CloudTrailServicePrincipal));
                    return;
                }

                Emit(await FixAsync(
                    new FixProposal(check, $"account {name} in organization {organization.Id}", "Register as a CloudTrail delegated administrator through CloudTrail (cloudtrail:RegisterOrganizationDelegatedAdmin)"),
                    $"Account {name} is not a CloudTrail delegated administrator.",
                    () => Done(Api.RegisterOrganizationDelegatedAdminAsync(delegatedAccount, cancellationToken)),
                    $"Registered account {name} as a CloudTrail delegated administrator through CloudTrail's API (CloudTrail creates its service-linked role as needed).",
                    delegatedAccount, CloudTrailServicePrincipal).ConfigureAwait(false));
            }

            private async Task VerifyAsync()
            {
                const OrganizationTrailCheck check = OrganizationTrailCheck.Verification;
                if (applied.Count == 0)
                {
                    bool pending = results.Any(r => r.Status == CheckStatus.WouldFix);
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.NotApplicable,
                        pending
                            ? "Nothing was changed (preview, or a fix was declined), so nothing was read again; the WouldFix checks above are still missing."
                            : "Nothing was changed; the results above are the current state.",
                        accountId: identity.Account));
                    return;
                }

                List<string> missing = new List<string>();
                List<string> confirmed = new List<string>();
                for (int attempt = 1; ; attempt++)
                {
                    missing.Clear();
                    confirmed.Clear();
                    foreach (OrganizationTrailCheck fixedCheck in applied)
                    {
                        string? problem = await RecheckAsync(fixedCheck).ConfigureAwait(false);
                        if (problem is null)
                        {
                            confirmed.Add(fixedCheck.ToString());
                        }
                        else
                        {
                            missing.Add(problem);
                        }
                    }

                    if (missing.Count == 0 || attempt >= Math.Max(1, options.VerificationAttempts))
                    {
                        break;
                    }

                    await Task.Delay(options.VerificationDelay, cancellationToken).ConfigureAwait(false);
                }

                if (missing.Count == 0)
                {
                    Emit(new OrganizationTrailCheckResult(check, CheckStatus.Passed,
                        $"Read again after fixing: {string.Join(", ", confirmed)} now in place.", accountId: ManagementAccount, target: organization.Id));
                    return;
                }

                Emit(new OrganizationTrailCheckResult(check, CheckStatus.Failed,
                    "Read again after fixing, not yet in place: " + string.Join(" ", missing),
                    "AWS can take a little while to show a change; run this again in a minute. If it stays missing, apply the fix by hand (see the failed check's Remediation).",
                    accountId: ManagementAccount, target: organization.Id));
            }

            /// <summary>Null when the fixed item is now visible; otherwise why not.</summary>
            private async Task<string?> RecheckAsync(OrganizationTrailCheck check)
            {
                try
                {
                    switch (check)
                    {
                        case OrganizationTrailCheck.TrustedAccess:
                            var principals = await Api.ListAwsServiceAccessForOrganizationAsync(cancellationToken).ConfigureAwait(false);
                            return principals.Any(p => IsCloudTrail(p.ServicePrincipal)) ? null : $"trusted access for {CloudTrailServicePrincipal} is still not listed.";
                        case OrganizationTrailCheck.ServiceLinkedRole:
                            var roles = await Api.ListRolesAsync(ServiceLinkedRolePath, cancellationToken).ConfigureAwait(false);
                            return roles.Any(r => r.Path == ServiceLinkedRolePath && TrustsService(r.AssumeRolePolicyDocument, CloudTrailServicePrincipal))
                                ? null
                                : $"no role under {ServiceLinkedRolePath} trusting {CloudTrailServicePrincipal} is listed yet.";
                        case OrganizationTrailCheck.DelegatedAdministrator:
                            var administrators = await Api.ListDelegatedAdministratorsAsync(CloudTrailServicePrincipal, cancellationToken).ConfigureAwait(false);
                            return administrators.Any(a => a.AccountId == delegatedAccount) ? null : $"account {delegatedAccount} is not yet listed as a CloudTrail delegated administrator.";
                        default:
                            return null;
                    }
                }
                catch (AwsServiceCallException error)
                {
                    return $"{check} could not be read again ({error.ErrorCode} on {error.Operation}).";
                }
            }

            private async Task<OrganizationTrailCheckResult> FixAsync(
                FixProposal proposal, string missingDetail, Func<Task<string?>> apply, string fixedDetail, string accountId, string target)
            {
                FixDecision decision = owner.approver.Decide(proposal);
                cancellationToken.ThrowIfCancellationRequested();
                switch (decision)
                {
                    case FixDecision.WhatIf:
                        return new OrganizationTrailCheckResult(proposal.Check, CheckStatus.WouldFix,
                            $"{missingDetail} Would: {proposal.Action}.", "Run again without the preview to apply the fix.", accountId: accountId, target: target);
                    case FixDecision.Declined:
                        declined.Add(proposal.Check);
                        return new OrganizationTrailCheckResult(proposal.Check, CheckStatus.WouldFix,
                            $"{missingDetail} Not changed: the fix was declined.", $"Run again and confirm, or do it yourself: {proposal.Action}.", accountId: accountId, target: target);
                }

                string? reported;
                try
                {
                    reported = await apply().ConfigureAwait(false);
                }
                catch (AwsServiceCallException error) when (error.ErrorCode == "AccountRegisteredException")
                {
                    return new OrganizationTrailCheckResult(proposal.Check, CheckStatus.Passed,
                        $"{missingDetail.TrimEnd('.')} according to the list, but CloudTrail says it is already registered ({error.ErrorCode}).",
                        accountId: accountId, target: target);
                }
                catch (AwsServiceCallException error)
                {
                    return FromError(proposal.Check, error, missingDetail + " The fix failed", accountId, target, null);
                }

                applied.Add(proposal.Check);
                return new OrganizationTrailCheckResult(proposal.Check, CheckStatus.Fixed, reported ?? fixedDetail, accountId: accountId, target: target);
            }

            private OrganizationTrailCheckResult FromError(
                OrganizationTrailCheck check, AwsServiceCallException error, string context, string? accountId, string? target, string? fallbackRemediation)
            {
                AccessErrorDiagnosis diagnosis = AccessErrorResolver.Default.ResolveException(error, AccessErrorResolver.ExceptionSource, error.Operation);
                string lead = context.EndsWith(".", StringComparison.Ordinal) ? context : context + ":";
                if (error.IsAccessDenied)
                {
                    var missing = MissingActions(error, diagnosis).ToList();
                    string who = identity?.Arn ?? "the caller";
                    string detail = $"{lead} {who} was refused {error.Operation} (missing permission {string.Join(", ", missing)}).";
                    string remediation;
                    if (diagnosis.DenialType == DenialType.Explicit)
                    {
                        string by = diagnosis.PolicyType is null ? "a policy" : "a " + diagnosis.PolicyType + " policy";
                        detail += $" AWS says an explicit deny in {by}{(diagnosis.PolicyArn is null ? string.Empty : " (" + diagnosis.PolicyArn + ")")} refused it.";
                        remediation = $"An explicit deny wins over any Allow: change the denying policy so {string.Join(", ", missing)} is allowed for {who}, then run this again.";
                    }
                    else
                    {
                        remediation = $"Grant {who} {string.Join(", ", missing)} (SuggestedPolicy allows exactly that), then run this again.";
                    }

                    return new OrganizationTrailCheckResult(check, CheckStatus.Failed, detail, remediation, error.ErrorCode, error.Operation,
                        missing, RepairPermissions.PolicyFor(missing, CallerPartition), accountId, target);
                }

                string message = string.IsNullOrWhiteSpace(error.ServiceMessage) ? string.Empty : " " + error.ServiceMessage.Trim();
                // Throttling says nothing about the credentials or the setup: only when to try again.
                string? advice = error.Category == FailureCategory.LimitsExceeded && AwsErrorCodes.IsThrottling(error.ErrorCode)
                    ? "AWS throttled the calls: throttled, retry later. This step changed nothing."
                    : fallbackRemediation;
                if (diagnosis.Recognized && diagnosis.Kind != DiagnosisKind.AccessDenied && diagnosis.Kind != DiagnosisKind.NotAuthorized)
                {
                    // The resolver knows CloudTrail's organization error codes; leave out its advice to run this command.
                    var steps = diagnosis.Steps.Where(s => s.Kind != RemediationStepKind.RepairOrganizationTrail).Select(s => s.Text).ToList();
                    if (steps.Count > 0)
                    {
                        advice = string.Join(" ", steps);
                    }
                }

                return new OrganizationTrailCheckResult(check, CheckStatus.Failed,
                    $"{lead} {error.Operation} failed with {error.ErrorCode}.{message}",
                    advice ?? "Look up the error code above, correct the cause, then run this again.",
                    error.ErrorCode, error.Operation, accountId: accountId, target: target);
            }

            private static IEnumerable<string> MissingActions(AwsServiceCallException error)
            {
                return MissingActions(error, AccessErrorResolver.Default.ResolveException(error, AccessErrorResolver.ExceptionSource, error.Operation));
            }

            private static IEnumerable<string> MissingActions(AwsServiceCallException error, AccessErrorDiagnosis diagnosis)
            {
                var actions = new List<string>();
                // When AWS names the refused action, it leads: for CloudTrail's registration it says which inner call was refused.
                if (diagnosis.Action is string named && named.IndexOf(':') > 0)
                {
                    actions.Add(named);
                }

                actions.AddRange(RepairPermissions.ForOperation(error.Operation));
                return actions.Distinct(StringComparer.OrdinalIgnoreCase);
            }

            private void SkipAfter(OrganizationTrailCheck failed, string reason)
            {
                foreach (OrganizationTrailCheck later in Order.Where(c => c > failed))
                {
                    Emit(new OrganizationTrailCheckResult(later, CheckStatus.Skipped, $"Not checked: {reason} ({failed} failed).",
                        $"Resolve the {failed} check first, then run this again."));
                }
            }

            private OrganizationTrailCheckResult Emit(OrganizationTrailCheckResult result)
            {
                results.Add(result);
                onResult?.Invoke(result);
                return result;
            }

            private async Task<ApiCallResult<T>> TryAsync<T>(Func<Task<T>> call)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    return new ApiCallResult<T>(await call().ConfigureAwait(false), null);
                }
                catch (AwsServiceCallException error)
                {
                    return new ApiCallResult<T>(default, error);
                }
            }

            /// <summary>A fix whose call has nothing to add to the fixed detail.</summary>
            private static async Task<string?> Done(Task call)
            {
                await call.ConfigureAwait(false);
                return null;
            }

            private static bool IsCloudTrail(string? principal) => string.Equals(principal, CloudTrailServicePrincipal, StringComparison.OrdinalIgnoreCase);

            private static bool IsNotInOrganization(string? code) =>
                code == "AWSOrganizationsNotInUseException" || code == "OrganizationsNotInUseException";
        }

        /// <summary>One AWS call's value, or the failure that kept it from answering (the check reports it and the run goes on).</summary>
        private sealed class ApiCallResult<T>
        {
            public ApiCallResult(T? value, AwsServiceCallException? error)
            {
                Value = value;
                Error = error;
            }

            public T? Value { get; }

            public AwsServiceCallException? Error { get; }
        }
    }
}
