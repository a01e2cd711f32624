using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;

namespace CloudTrailIamTools.Core.PermissionTesting
{
    /// <summary>
    /// The one permission-test operation behind Test-CloudTrailPermission and test-permission: checks a
    /// <see cref="PermissionTestRequest"/>, decides offline or live by the request's rule, expands actions by resources,
    /// reads each live principal's policies once, and yields one answer per action and resource (or one per scenario).
    /// Connects to AWS only on the first live test, so offline tests never look for credentials. One per command run.
    /// </summary>
    public sealed class PermissionTestService : IDisposable
    {
        private readonly Func<ResolvedAwsConnection> connect;
        private readonly Action<string>? note;
        private readonly EvaluationOptions options;
        private readonly Dictionary<string, PrincipalPolicies> principals = new Dictionary<string, PrincipalPolicies>(StringComparer.Ordinal);
        private readonly PolicyCache cache = new PolicyCache();
        private EvaluationRequestReader? reader;
        private ResolvedAwsConnection? connection;
        private IamClient? iam;
        private StsClient? sts;
        private LivePermissionTester? tester;

        /// <param name="connect">Resolves the AWS connection; called once, on the first live test.</param>
        /// <param name="note">Receives one line per principal whose policies were read (for verbose output).</param>
        public PermissionTestService(Func<ResolvedAwsConnection> connect, Action<string>? note = null, EvaluationOptions? options = null)
        {
            this.connect = connect ?? throw new ArgumentNullException(nameof(connect));
            this.note = note;
            this.options = options ?? ScenarioEvaluator.CatalogOptions;
        }

        /// <summary>The cache the front end parses supplied policies with, shared with the request reader.</summary>
        public PolicyCache PolicyCache => cache;

        /// <summary>
        /// Checks what does not depend on the principal, actions and resources: the scenario exists, the resource
        /// account is an account id, and the simulator is not combined with a scenario or an offline test.
        /// </summary>
        /// <exception cref="InvalidInputException">Unknown scenario (the message lists the valid ones) or a bad resource account.</exception>
        /// <exception cref="PermissionTestException">Options that exclude each other.</exception>
        public static void Validate(PermissionTestRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.ResourceAccount is not null && !Arn.IsAccountId(request.ResourceAccount))
            {
                throw new InvalidInputException("ResourceAccount '" + request.ResourceAccount + "' is not a 12-digit AWS account id.", "ResourceAccount");
            }

            if (request.Scenario is not null)
            {
                ScenarioEvaluator.Find(request.Scenario);
                if (request.UseSimulator)
                {
                    throw new PermissionTestException(
                        "SimulatorWithScenario", "IAM's simulator is asked about single actions; it cannot be combined with a scenario.", "UseSimulator");
                }
            }

            if (request.UseSimulator && (request.Offline || request.IdentityPolicies is not null || request.PermissionsBoundary is not null))
            {
                throw new PermissionTestException(
                    "SimulatorNeedsLiveTest",
                    "IAM's simulator is asked about the principal's policies in IAM; it cannot be combined with supplied identity policies, a boundary or an offline test.",
                    "UseSimulator");
            }
        }

        /// <summary>
        /// Runs the test. Everything about the request is checked before the first answer; the principal's policies are
        /// read (live) when the first answer is asked for.
        /// </summary>
        /// <exception cref="InvalidInputException">A bad action name, principal, scenario or resource account.</exception>
        /// <exception cref="PermissionTestException">Nothing to test, no principal offline, or options that exclude each other.</exception>
        /// <remarks>While enumerating: AwsServiceCallException and InvalidInputException when the principal's policies cannot be read.</remarks>
        public IEnumerable<PermissionTestAnswer> Run(PermissionTestRequest request, CancellationToken cancellationToken = default)
        {
            Validate(request);
            if (request.Actions.Count == 0 && request.Scenario is null)
            {
                throw new PermissionTestException("NoActionOrScenario", "Nothing to test: give one or more actions (service:Action) or a scenario.", "Actions");
            }

            foreach (string action in request.Actions)
            {
                CheckActionName(action);
            }

            if (!request.IsOffline)
            {
                return RunLive(request, cancellationToken);
            }

            if (request.UseSimulator)
            {
                throw new PermissionTestException(
                    "SimulatorNeedsLiveTest", "IAM's simulator needs an IAM user, role or assumed-role session; '" + request.Principal + "' has no policies in IAM.", "UseSimulator");
            }

            return RunOffline(OfflineRequest(request), request);
        }

        /// <summary>Evaluates one request in the JSON request contract (a pipeline object or a JSON Lines line), offline.</summary>
        /// <exception cref="InvalidInputException">The request is not valid (Location names the property).</exception>
        /// <exception cref="Policies.PolicyFormatException">A policy in it is not valid.</exception>
        public PermissionTestAnswer EvaluateRequest(string requestJson) =>
            PermissionTestAnswer.Of(PolicyEvaluator.Evaluate((reader ??= new EvaluationRequestReader(cache)).Parse(requestJson), options));

        public void Dispose()
        {
            iam?.Dispose();
            sts?.Dispose();
        }

        private IEnumerable<PermissionTestAnswer> RunOffline(EvaluationRequest request, PermissionTestRequest test)
        {
            if (test.Scenario is not null)
            {
                yield return PermissionTestAnswer.Of(ScenarioEvaluator.Run(test.Scenario, request, null, options));
                yield break;
            }

            foreach (string action in test.Actions)
            {
                foreach (string resource in ResourcesOf(test))
                {
                    yield return PermissionTestAnswer.Of(PolicyEvaluator.Evaluate(request.WithAction(action, resource), options));
                }
            }
        }

        private IEnumerable<PermissionTestAnswer> RunLive(PermissionTestRequest test, CancellationToken cancellationToken)
        {
            LivePermissionTester live = Tester();
            PrincipalPolicies policies = Principal(live, test.Principal, cancellationToken);
            var extras = new LiveRequestExtras
            {
                SessionPolicy = test.SessionPolicy,
                ResourcePolicy = test.ResourcePolicy,
                ServiceControlPolicies = test.ServiceControlPolicies,
                Context = test.Context,
                Region = connection!.Region,
                ResourceAccount = test.ResourceAccount,
            };

            if (test.Scenario is not null)
            {
                yield return PermissionTestAnswer.Of(live.TestScenario(policies, test.Scenario, extras, connection.Region));
                yield break;
            }

            foreach (string action in test.Actions)
            {
                foreach (string resource in ResourcesOf(test))
                {
                    yield return TestLive(live, policies, action, resource, extras, test.UseSimulator, cancellationToken);
                }
            }
        }

        /// <summary>One live action; an AWS failure (the simulator refused, throttling) is this action's answer, not the end of the test.</summary>
        private static PermissionTestAnswer TestLive(
            LivePermissionTester live, PrincipalPolicies policies, string action, string resource, LiveRequestExtras extras, bool useSimulator, CancellationToken cancellationToken)
        {
            try
            {
                return PermissionTestAnswer.Of(live.TestAsync(policies, action, resource, extras, useSimulator, cancellationToken).GetAwaiter().GetResult());
            }
            catch (CloudTrailIamToolsException failure)
            {
                return PermissionTestAnswer.Failed(failure, action);
            }
        }

        /// <summary>The engine request holding the supplied policies; each action and resource is asked with WithAction.</summary>
        private static EvaluationRequest OfflineRequest(PermissionTestRequest test)
        {
            if (test.Principal is null)
            {
                throw new PermissionTestException(
                    "PrincipalRequired", "An offline test needs a principal: a user, role or session ARN, an account, a service principal or Anonymous.", "Principal");
            }

            // The first action (or the scenario's first step) names the request; every answer asks with its own.
            string firstAction = test.Scenario is not null ? ScenarioEvaluator.Find(test.Scenario).Permissions[0].Action : test.Actions[0];
            return new EvaluationRequest(firstAction, test.Principal)
            {
                ResourceAccount = test.ResourceAccount,
                Context = test.Context,
                IdentityPolicies = test.IdentityPolicies ?? Array.Empty<Policies.PolicyDocument>(),
                PermissionsBoundary = test.PermissionsBoundary,
                SessionPolicy = test.SessionPolicy,
                ResourcePolicy = test.ResourcePolicy?.Document,
                ServiceControlPolicies = test.ServiceControlPolicies,
            };
        }

        private static IEnumerable<string> ResourcesOf(PermissionTestRequest test) => test.Resources.Count == 0 ? new[] { "*" } : test.Resources;

        /// <summary>The same form check the engine makes, before anything runs: service:Action, no spaces.</summary>
        private static void CheckActionName(string? action)
        {
            string trimmed = action?.Trim() ?? string.Empty;
            int colon = trimmed.IndexOf(':');
            if (colon <= 0 || colon == trimmed.Length - 1 || trimmed.IndexOf(' ') >= 0)
            {
                throw new InvalidInputException("Action '" + action + "' is not of the form service:Action.", "Action");
            }
        }

        private PrincipalPolicies Principal(LivePermissionTester live, string? principalArn, CancellationToken cancellationToken)
        {
            string key = principalArn ?? string.Empty;
            if (!principals.TryGetValue(key, out PrincipalPolicies? policies))
            {
                policies = live.CollectAsync(principalArn, cancellationToken).GetAwaiter().GetResult();
                note?.Invoke("Testing " + policies.Principal + " with " + policies.IdentityPolicies.Count + " identity policies" +
                    (policies.PermissionsBoundary is null ? "." : " and permissions boundary " + policies.PermissionsBoundary.Name + "."));
                principals[key] = policies;
            }

            return policies;
        }

        private LivePermissionTester Tester()
        {
            if (tester is null)
            {
                connection = connect();
                iam = connection.CreateIamClient();
                sts = connection.CreateStsClient();
                tester = new LivePermissionTester(iam, sts, options);
            }

            return tester;
        }
    }
}
