using System;
using System.Collections.Generic;
using System.Management.Automation;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Commands
{
    /// <summary>
    /// Grants CloudTrail permissions to an IAM user, role or group: an AWS managed CloudTrail policy, exact actions
    /// on exact resources, a task scenario, or exactly what a diagnosis found missing. Refuses when a grant cannot
    /// help; merges into our inline policy, never replaces it; never touches other policies.
    /// </summary>
    [Cmdlet(VerbsSecurity.Grant, "CloudTrailPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = DiagnosisSet)]
    [OutputType(typeof(PermissionGrantResult))]
    public sealed class GrantCloudTrailPermissionCommand : AwsCmdlet, IDisposable
    {
        public const string UserSet = "User";
        public const string RoleSet = "Role";
        public const string GroupSet = "Group";
        public const string DiagnosisSet = "Diagnosis";

        private IamClient? iam;

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = UserSet)]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RoleSet)]
        [ValidateNotNullOrEmpty]
        public string? RoleName { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = GroupSet)]
        [ValidateNotNullOrEmpty]
        public string? GroupName { get; set; }

        /// <summary>Diagnoses from Resolve-CloudTrailAccessError: grants the denied action on the denied resource to the denied principal.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DiagnosisSet)]
        public AccessErrorDiagnosis[]? Diagnosis { get; set; }

        [Parameter(ParameterSetName = UserSet)]
        [Parameter(ParameterSetName = RoleSet)]
        [Parameter(ParameterSetName = GroupSet)]
        public GrantAccessLevel? AccessLevel { get; set; }

        [Parameter(ParameterSetName = UserSet)]
        [Parameter(ParameterSetName = RoleSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [ArgumentCompleter(typeof(ActionNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Action { get; set; }

        [Parameter(ParameterSetName = UserSet)]
        [Parameter(ParameterSetName = RoleSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Resource { get; set; }

        [Parameter(ParameterSetName = UserSet)]
        [Parameter(ParameterSetName = RoleSet)]
        [Parameter(ParameterSetName = GroupSet)]
        [ArgumentCompleter(typeof(ScenarioNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Scenario { get; set; }

        /// <summary>Makes the change without asking, even where $ConfirmPreference would; -WhatIf and -Confirm still apply.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != DiagnosisSet)
            {
                ValidateWhatToGrant();
            }

            foreach (PermissionGrantRequest request in Requests())
            {
                Grant(request);
            }
        }

        public void Dispose() => iam?.Dispose();

        /// <summary>Checked per record: with pipeline input the parameter set is only known once the record is bound.</summary>
        private void ValidateWhatToGrant()
        {
            int kinds = (AccessLevel is null ? 0 : 1) + (Action is null ? 0 : 1) + (Scenario is null ? 0 : 1);
            if (kinds != 1)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    kinds == 0 ? "GrantNotSpecified" : "GrantAmbiguous",
                    ErrorCategory.InvalidArgument,
                    "Say what to grant with exactly one of -AccessLevel (ReadOnly or FullAccess), -Action (with -Resource) or -Scenario.",
                    target: null));
            }

            if (Resource is not null && Action is null)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "ResourceWithoutAction", ErrorCategory.InvalidArgument, "-Resource limits the actions named with -Action; give -Action too.", target: null));
            }
        }

        /// <summary>Requests for this record; a bad item becomes an ErrorRecord and the others still run.</summary>
        private IEnumerable<PermissionGrantRequest> Requests()
        {
            if (ParameterSetName == DiagnosisSet)
            {
                foreach (AccessErrorDiagnosis diagnosis in Diagnosis ?? Array.Empty<AccessErrorDiagnosis>())
                {
                    PermissionGrantRequest? request = Build(() => PermissionGrantRequest.FromDiagnosis(diagnosis), diagnosis);
                    if (request is not null)
                    {
                        yield return request;
                    }
                }

                yield break;
            }

            PermissionGrantRequest? single = Build(
                () =>
                {
                    GrantTarget target = ParameterSetName switch
                    {
                        UserSet => new GrantTarget(GrantPrincipalType.User, UserName!),
                        RoleSet => new GrantTarget(GrantPrincipalType.Role, RoleName!),
                        _ => new GrantTarget(GrantPrincipalType.Group, GroupName!),
                    };
                    if (AccessLevel is GrantAccessLevel level)
                    {
                        return PermissionGrantRequest.ForAccessLevel(target, level);
                    }

                    return Scenario is not null
                        ? PermissionGrantRequest.ForScenario(target, Scenario)
                        : PermissionGrantRequest.ForActions(target, Action!, Resource);
                },
                UserName ?? RoleName ?? GroupName);
            if (single is not null)
            {
                yield return single;
            }
        }

        private PermissionGrantRequest? Build(Func<PermissionGrantRequest> build, object? target)
        {
            try
            {
                return build();
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, target));
                return null;
            }
        }

        private void Grant(PermissionGrantRequest request)
        {
            iam ??= Connection.CreateIamClient();
            var granter = new PermissionGranter(iam, Connection.Region);
            try
            {
                PermissionGrantPlan plan = Call(ct => granter.PlanAsync(request, ct));
                if (!plan.NeedsChange)
                {
                    WriteObject(plan.ToResult(GrantChange.Unchanged));
                    return;
                }

                if (ShouldProcessWhatIf.IsWhatIf(this))
                {
                    ShouldProcess(plan.WhatIfText, plan.WhatIfText, "Grant-CloudTrailPermission");
                    WriteObject(plan.ToResult(GrantChange.WouldChange));
                    return;
                }

                if ((Force && !ShouldProcessWhatIf.IsConfirmRequested(this)) ||
                    ShouldProcess(plan.WhatIfText, "Grant this permission? " + plan.WhatIfText, "Grant-CloudTrailPermission"))
                {
                    WriteObject(Call(ct => granter.ApplyAsync(plan, ct)));
                }
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, request.Diagnosis ?? (object)request.Target.ToString()));
            }
        }
    }
}
