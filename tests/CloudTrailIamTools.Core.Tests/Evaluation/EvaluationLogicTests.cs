using System;
using System.Linq;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using static CloudTrailIamTools.Core.Tests.Evaluation.Kit;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>The decision flow, written from AWS's policy evaluation logic and cross-account pages.</summary>
    public sealed class EvaluationLogicTests
    {
        private static readonly PolicyDocument AllowAll = Policy(Allow());
        private static readonly PolicyDocument AllowCloudTrail = Policy(Allow("cloudtrail:*"));

        [Fact]
        public void NothingAllowsMeansImplicitDeny()
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:GetTrailStatus", User) { Resource = Trail });

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.IdentityBased }, result.DeniedBy);
            Assert.Empty(result.MatchedStatements);
            Assert.Contains("No identity-based policy allows", result.Explanation);
        }

        [Fact]
        public void AnIdentityAllowIsEnoughWithinAnAccount()
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:GetTrailStatus", User) { Resource = Trail, IdentityPolicies = new[] { AllowCloudTrail } });

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal(new[] { PolicyType.IdentityBased }, result.AllowedBy);
            MatchedStatement statement = Assert.Single(result.MatchedStatements);
            Assert.Equal(PolicyType.IdentityBased, statement.PolicyType);
            Assert.Equal("IdentityPolicies[0]", statement.Policy);
            Assert.Equal(PolicyEffect.Allow, statement.Effect);
        }

        [Fact]
        public void AnExplicitDenyAnywhereOverridesAllows()
        {
            var deny = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"NoStop","Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*"}]}""", "GuardRail");
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:StopLogging", User) { Resource = Trail, IdentityPolicies = new[] { AllowAll, deny } });

            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.IdentityBased }, result.DeniedBy);
            MatchedStatement denying = result.MatchedStatements.Single(s => s.Effect == PolicyEffect.Deny);
            Assert.Equal("GuardRail", denying.Policy);
            Assert.Equal("NoStop", denying.Sid);
            Assert.Contains("GuardRail", result.Explanation);
            Assert.Contains("NoStop", result.Explanation);
            Assert.Contains("overrides", result.Explanation);
        }

        [Theory]
        [InlineData("ServiceControl")]
        [InlineData("ResourceControl")]
        [InlineData("PermissionsBoundary")]
        [InlineData("Session")]
        [InlineData("ResourceBased")]
        [InlineData("VpcEndpoint")]
        public void ADenyInAnyPolicyTypeWins(string typeName)
        {
            PolicyType type = Enum.Parse<PolicyType>(typeName);
            PolicyDocument deny = Policy(DenyPrincipal("\"*\"", "cloudtrail:DeleteTrail"));
            var request = new EvaluationRequest("cloudtrail:DeleteTrail", Role)
            {
                Resource = Trail,
                IdentityPolicies = new[] { AllowAll },
                ServiceControlPolicies = new[] { new[] { type == PolicyType.ServiceControl ? Policy(Allow(), Deny("cloudtrail:DeleteTrail")) : AllowAll } },
                ResourceControlPolicies = type == PolicyType.ResourceControl ? new[] { new[] { deny } } : Array.Empty<PolicyDocument[]>(),
                PermissionsBoundary = type == PolicyType.PermissionsBoundary ? Policy(Allow(), Deny("cloudtrail:DeleteTrail")) : null,
                SessionPolicy = type == PolicyType.Session ? Policy(Allow(), Deny("cloudtrail:DeleteTrail")) : null,
                ResourcePolicy = type == PolicyType.ResourceBased ? deny : null,
                VpcEndpointPolicy = type == PolicyType.VpcEndpoint ? Policy(AllowPrincipal("\"*\""), DenyPrincipal("\"*\"", "cloudtrail:DeleteTrail")) : null,
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
            Assert.Equal(new[] { type }, result.DeniedBy);
        }

        // ---- Service control policies ----

        [Fact]
        public void EverySCPLevelMustAllow()
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", User)
            {
                IdentityPolicies = new[] { AllowAll },
                ServiceControlPolicies = new[] { new[] { AllowAll }, new[] { Policy(Allow("s3:*")) }, new[] { AllowAll } },
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.ServiceControl }, result.DeniedBy);
            Assert.Contains("level 1 of 3", result.Explanation);
        }

        [Fact]
        public void ASCPLevelAllowsWhenAnyOfItsPoliciesAllows()
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", User)
            {
                IdentityPolicies = new[] { AllowAll },
                ServiceControlPolicies = new[] { new[] { AllowAll }, new[] { Policy(Allow("s3:*")), Policy(Allow("cloudtrail:*")) } },
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal(new[] { PolicyType.ServiceControl, PolicyType.IdentityBased }, result.AllowedBy);
            Assert.Contains(result.MatchedStatements, s => s.Policy == "ServiceControlPolicies[1][1]");
        }

        [Fact]
        public void SCPsNeverGrant()
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:CreateTrail", User) { ServiceControlPolicies = new[] { new[] { AllowAll } } });

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Equal(new[] { PolicyType.IdentityBased }, result.DeniedBy);
        }

        [Fact]
        public void SCPsDoNotRestrictTheManagementAccount()
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", User)
            {
                ManagementAccountId = Account,
                IdentityPolicies = new[] { AllowAll },
                ServiceControlPolicies = new[] { new[] { Policy(Deny("cloudtrail:*"), Allow()) } },
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Contains("management account", result.Explanation);
        }

        [Fact]
        public void SCPsStillRestrictMemberAccountsWhenTheManagementAccountIsKnown()
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", User)
            {
                ManagementAccountId = OtherAccount,
                IdentityPolicies = new[] { AllowAll },
                ServiceControlPolicies = new[] { new[] { Policy(Deny("cloudtrail:*"), Allow()) } },
            };

            Assert.Equal(PolicyDecision.ExplicitDeny, Run(request).Decision);
        }

        [Theory]
        [InlineData("arn:aws:iam::111122223333:role/aws-service-role/cloudtrail.amazonaws.com/AWSServiceRoleForCloudTrail")]
        [InlineData("arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForCloudTrail/CloudTrail")]
        public void SCPsDoNotRestrictServiceLinkedRoles(string principal)
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", principal)
            {
                IdentityPolicies = new[] { AllowAll },
                ServiceControlPolicies = new[] { new[] { Policy(Deny("cloudtrail:*")) } },
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Contains("service-linked roles", result.Explanation);
        }

        [Fact]
        public void SCPsApplyToTheRootUserOfAMemberAccount()
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", "arn:aws:iam::111122223333:root")
            {
                ServiceControlPolicies = new[] { new[] { Policy(Allow("s3:*")) } },
            };

            Assert.Equal(new[] { PolicyType.ServiceControl }, Run(request).DeniedBy);
        }

        [Fact]
        public void TheRootUserHasFullAccessInItsOwnAccount()
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:CreateTrail", "111122223333") { Resource = Trail });

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Contains("root user", result.Explanation);
        }

        [Fact]
        public void SCPsDoNotApplyToServicePrincipals()
        {
            var request = new EvaluationRequest("s3:PutObject", "cloudtrail.amazonaws.com")
            {
                Resource = Bucket + "/AWSLogs/111122223333/x",
                ResourceAccount = Account,
                ResourcePolicy = Policy(AllowPrincipal("""{"Service":"cloudtrail.amazonaws.com"}""", "s3:PutObject", Bucket + "/*")),
                ServiceControlPolicies = new[] { new[] { Policy(Deny("s3:*")) } },
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal(new[] { PolicyType.ResourceBased }, result.AllowedBy);
        }

        // ---- Resource control policies ----

        [Fact]
        public void RCPsOnlyDenyBecauseRCPFullAWSAccessIsAlwaysAttached()
        {
            var request = new EvaluationRequest("s3:GetObject", User)
            {
                Resource = Bucket + "/k",
                IdentityPolicies = new[] { AllowAll },
                ResourceControlPolicies = new[] { new[] { Policy(DenyPrincipal("\"*\"", "sqs:*")) } },
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
        }

        [Fact]
        public void AnRCPDenyAppliesToPrincipalsOutsideTheOrganization()
        {
            string rcp = DenyPrincipal("\"*\"", "s3:*", "*", """
                "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}
                """);
            var baseRequest = new EvaluationRequest("s3:GetObject", "arn:aws:iam::444455556666:user/partner")
            {
                Resource = Bucket + "/k",
                ResourceAccount = Account,
                IdentityPolicies = new[] { AllowAll },
                ResourcePolicy = Policy(AllowPrincipal("""{"AWS":"444455556666"}""")),
                ResourceControlPolicies = new[] { new[] { Policy(rcp) } },
            };

            EvaluationResult outsider = Run(baseRequest);
            Assert.Equal(PolicyDecision.ExplicitDeny, outsider.Decision);
            Assert.Equal(new[] { PolicyType.ResourceControl }, outsider.DeniedBy);

            EvaluationResult insider = Run(baseRequest.WithAction("s3:GetObject", Bucket + "/k", new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>>
            {
                ["aws:PrincipalOrgID"] = new[] { "o-abc123" },
            }));
            Assert.Equal(PolicyDecision.Allowed, insider.Decision);
        }

        [Fact]
        public void RCPsDoNotRestrictResourcesOfTheManagementAccount()
        {
            var request = new EvaluationRequest("s3:GetObject", User)
            {
                Resource = Bucket + "/k",
                ResourceAccount = Account,
                ManagementAccountId = Account,
                IdentityPolicies = new[] { AllowAll },
                ResourceControlPolicies = new[] { new[] { Policy(DenyPrincipal("\"*\"", "s3:*")) } },
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
        }

        [Fact]
        public void RCPsApplyToServicePrincipalsUnlessTheirConditionsExemptThem()
        {
            // The confused-deputy RCP pattern targets service principals (aws:PrincipalIsAWSService = true).
            string rcp = DenyPrincipal("\"*\"", "s3:*", "*", """
                "Condition":{"StringNotEqualsIfExists":{"aws:SourceOrgID":"o-abc123"},"Bool":{"aws:PrincipalIsAWSService":"true"}}
                """);
            var request = new EvaluationRequest("s3:PutObject", "cloudtrail.amazonaws.com")
            {
                Resource = Bucket + "/AWSLogs/x",
                ResourceAccount = Account,
                ResourcePolicy = Policy(AllowPrincipal("""{"Service":"cloudtrail.amazonaws.com"}""")),
                ResourceControlPolicies = new[] { new[] { Policy(rcp) } },
            };

            Assert.Equal(PolicyDecision.ExplicitDeny, Run(request).Decision);
        }

        // ---- Resource-based policies: same account ----

        [Theory]
        [InlineData(User, "\"arn:aws:iam::111122223333:user/alice\"", true)]
        [InlineData(User, "\"arn:aws:iam::111122223333:user/division/alice\"", true)] // the path does not identify the user
        [InlineData(User, "\"arn:aws:iam::111122223333:user/bob\"", false)]
        [InlineData(Session, "\"arn:aws:sts::111122223333:assumed-role/Admin/alice\"", true)]
        [InlineData(Session, "\"arn:aws:iam::111122223333:role/Admin\"", true)]
        [InlineData(Session, "\"arn:aws:sts::111122223333:assumed-role/Admin/bob\"", false)]
        [InlineData(User, "\"*\"", true)]
        [InlineData(User, "\"111122223333\"", false)] // naming the account delegates to identity policies
        [InlineData(User, "\"arn:aws:iam::111122223333:root\"", false)]
        public void WithinAnAccountAResourcePolicyNamingThePrincipalIsEnough(string principal, string awsPrincipal, bool allowed)
        {
            var request = new EvaluationRequest("s3:GetObject", principal)
            {
                Resource = Bucket + "/k",
                ResourceAccount = Account,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":" + awsPrincipal + "}", "s3:GetObject", Bucket + "/*")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, result.Decision);
            if (allowed)
            {
                Assert.Equal(new[] { PolicyType.ResourceBased }, result.AllowedBy);
                Assert.Contains("enough on its own", result.Explanation);
            }
        }

        [Fact]
        public void AnAccountPrincipalGrantPlusAnIdentityAllowIsAllowed()
        {
            var request = new EvaluationRequest("s3:GetObject", User)
            {
                Resource = Bucket + "/k",
                ResourceAccount = Account,
                IdentityPolicies = new[] { Policy(Allow("s3:GetObject")) },
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"111122223333\"}")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(PolicyDecision.Allowed, result.Decision);
            Assert.Equal(new[] { PolicyType.ResourceBased, PolicyType.IdentityBased }, result.AllowedBy);
        }

        [Fact]
        public void ABoundaryDoesNotLimitAResourcePolicyGrantToTheUserArn()
        {
            var request = new EvaluationRequest("s3:GetObject", User)
            {
                Resource = Bucket + "/k",
                PermissionsBoundary = Policy(Allow("ec2:*")),
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + User + "\"}")),
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
        }

        [Fact]
        public void ABoundaryLimitsAResourcePolicyGrantToTheRoleArnButNotToTheSessionArn()
        {
            PolicyDocument boundary = Policy(Allow("ec2:*"));
            var toRole = new EvaluationRequest("s3:GetObject", Session)
            {
                Resource = Bucket + "/k",
                PermissionsBoundary = boundary,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + Role + "\"}")),
            };
            var toSession = new EvaluationRequest("s3:GetObject", Session)
            {
                Resource = Bucket + "/k",
                PermissionsBoundary = boundary,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + Session + "\"}")),
            };

            EvaluationResult roleResult = Run(toRole);
            Assert.Equal(PolicyDecision.ImplicitDeny, roleResult.Decision);
            Assert.Equal(new[] { PolicyType.PermissionsBoundary }, roleResult.DeniedBy);
            Assert.Contains("naming the role", roleResult.Explanation);
            Assert.Equal(PolicyDecision.Allowed, Run(toSession).Decision);
        }

        [Fact]
        public void ASessionPolicyLimitsAGrantToTheRoleArnButNotToTheSessionArn()
        {
            PolicyDocument sessionPolicy = Policy(Allow("ec2:*"));
            var toRole = new EvaluationRequest("s3:GetObject", Session)
            {
                Resource = Bucket + "/k",
                SessionPolicy = sessionPolicy,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + Role + "\"}")),
            };
            var toSession = new EvaluationRequest("s3:GetObject", Session)
            {
                Resource = Bucket + "/k",
                SessionPolicy = sessionPolicy,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + Session + "\"}")),
            };

            Assert.Equal(new[] { PolicyType.Session }, Run(toRole).DeniedBy);
            Assert.Equal(PolicyDecision.Allowed, Run(toSession).Decision);
        }

        /// <summary>
        /// The same-account table in AWS's single-account evaluation page: which implicit denies a resource-based
        /// grant survives, by the principal it names.
        /// </summary>
        [Theory]
        [InlineData(User, User, true, false, "Allowed")]
        [InlineData(Session, Role, false, false, "Allowed")]
        [InlineData(Session, Role, true, false, "PermissionsBoundary")]
        [InlineData(Session, Role, false, true, "Session")]
        [InlineData(Session, Session, true, true, "Allowed")]
        [InlineData("arn:aws:sts::111122223333:federated-user/carol", "arn:aws:sts::111122223333:federated-user/carol", false, true, "Allowed")]
        [InlineData(Role, Role, false, false, "Allowed")]
        public void SameAccountResourceGrantsAndImplicitDenies(string caller, string named, bool boundaryDenies, bool sessionDenies, string expected)
        {
            var request = new EvaluationRequest("sqs:SendMessage", caller)
            {
                Resource = "arn:aws:sqs:us-east-1:111122223333:queue",
                IdentityPolicies = new[] { Policy(Allow("ec2:*")) },
                PermissionsBoundary = boundaryDenies ? Policy(Allow("ec2:*")) : null,
                SessionPolicy = sessionDenies ? Policy(Allow("ec2:*")) : null,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + named + "\"}", "sqs:SendMessage")),
            };

            EvaluationResult result = Run(request);

            if (expected == "Allowed")
            {
                Assert.Equal(PolicyDecision.Allowed, result.Decision);
                Assert.Equal(new[] { PolicyType.ResourceBased }, result.AllowedBy);
            }
            else
            {
                Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
                Assert.Equal(new[] { Enum.Parse<PolicyType>(expected) }, result.DeniedBy);
            }
        }

        // ---- Permissions boundaries and session policies on the identity side ----

        [Theory]
        [InlineData("cloudtrail:*", "cloudtrail:*", true)]
        [InlineData("cloudtrail:*", "s3:*", false)]
        [InlineData("s3:*", "cloudtrail:*", false)]
        public void TheBoundaryAndIdentityPoliciesMustBothAllow(string identity, string boundary, bool allowed)
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:CreateTrail", Role)
            {
                IdentityPolicies = new[] { Policy(Allow(identity)) },
                PermissionsBoundary = Policy(Allow(boundary)),
            });

            Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, result.Decision);
            if (!allowed)
            {
                Assert.Equal(identity == "s3:*" ? PolicyType.IdentityBased : PolicyType.PermissionsBoundary, result.DeniedBy[0]);
            }
            else
            {
                Assert.Equal(new[] { PolicyType.IdentityBased, PolicyType.PermissionsBoundary }, result.AllowedBy);
            }
        }

        [Fact]
        public void TheSessionPolicyMustAlsoAllowIdentityGrants()
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", Session)
            {
                IdentityPolicies = new[] { AllowAll },
                SessionPolicy = Policy(Allow("cloudtrail:Get*")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(new[] { PolicyType.Session }, result.DeniedBy);
            Assert.Contains("session policy", result.Explanation);
        }

        // ---- Cross-account ----

        [Fact]
        public void CrossAccountNeedsBothSides()
        {
            const string Partner = "arn:aws:iam::444455556666:role/Reader";
            PolicyDocument bucketPolicy = Policy(AllowPrincipal("{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "s3:GetObject", Bucket + "/*"));
            PolicyDocument identity = Policy(Allow("s3:GetObject", Bucket + "/*"));

            EvaluationResult both = Run(new EvaluationRequest("s3:GetObject", Partner) { Resource = Bucket + "/k", ResourceAccount = Account, IdentityPolicies = new[] { identity }, ResourcePolicy = bucketPolicy });
            EvaluationResult onlyResource = Run(new EvaluationRequest("s3:GetObject", Partner) { Resource = Bucket + "/k", ResourceAccount = Account, ResourcePolicy = bucketPolicy });
            EvaluationResult onlyIdentity = Run(new EvaluationRequest("s3:GetObject", Partner) { Resource = Bucket + "/k", ResourceAccount = Account, IdentityPolicies = new[] { identity } });

            Assert.Equal(PolicyDecision.Allowed, both.Decision);
            Assert.Contains("crosses accounts", both.Explanation);
            Assert.Equal(new[] { PolicyType.IdentityBased }, onlyResource.DeniedBy);
            Assert.Equal(new[] { PolicyType.ResourceBased }, onlyIdentity.DeniedBy);
            Assert.Contains("none was supplied", onlyIdentity.Explanation);
        }

        [Fact]
        public void TheResourceAccountComesFromTheArnWhenItHasOne()
        {
            var request = new EvaluationRequest("cloudtrail:GetTrailStatus", "arn:aws:iam::444455556666:user/bob")
            {
                Resource = Trail,
                IdentityPolicies = new[] { AllowAll },
            };

            EvaluationResult result = Run(request);

            Assert.Equal(new[] { PolicyType.ResourceBased }, result.DeniedBy);
        }

        [Fact]
        public void CrossAccountBoundaryStillLimitsTheIdentitySide()
        {
            var request = new EvaluationRequest("s3:GetObject", "arn:aws:iam::444455556666:user/bob")
            {
                Resource = Bucket + "/k",
                ResourceAccount = Account,
                IdentityPolicies = new[] { AllowAll },
                PermissionsBoundary = Policy(Allow("ec2:*")),
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"arn:aws:iam::444455556666:user/bob\"}")),
            };

            Assert.Equal(new[] { PolicyType.PermissionsBoundary }, Run(request).DeniedBy);
        }

        // ---- Role trust policies and KMS key policies must allow ----

        [Fact]
        public void AssumingARoleNeedsTheTrustPolicy()
        {
            const string Target = "arn:aws:iam::111122223333:role/Deployer";
            var noTrust = new EvaluationRequest("sts:AssumeRole", User) { Resource = Target, IdentityPolicies = new[] { AllowAll } };
            var trustAccount = new EvaluationRequest("sts:AssumeRole", User)
            {
                Resource = Target,
                IdentityPolicies = new[] { AllowAll },
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "sts:AssumeRole", "")),
            };
            var trustAccountNoIdentity = new EvaluationRequest("sts:AssumeRole", User)
            {
                Resource = Target,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "sts:AssumeRole", "")),
            };
            var trustUser = new EvaluationRequest("sts:AssumeRole", User)
            {
                Resource = Target,
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"" + User + "\"}", "sts:AssumeRole", "")),
            };

            EvaluationResult missing = Run(noTrust);
            Assert.Equal(new[] { PolicyType.ResourceBased }, missing.DeniedBy);
            Assert.Contains("trust policy", missing.Explanation);
            Assert.Equal(PolicyDecision.Allowed, Run(trustAccount).Decision);
            Assert.Equal(new[] { PolicyType.IdentityBased }, Run(trustAccountNoIdentity).DeniedBy);
            EvaluationResult direct = Run(trustUser);
            Assert.Equal(PolicyDecision.Allowed, direct.Decision);
            Assert.Contains("role trust policy", direct.Explanation);
        }

        [Fact]
        public void UsingAKmsKeyNeedsTheKeyPolicy()
        {
            const string Key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            var identityOnly = new EvaluationRequest("kms:Decrypt", Role) { Resource = Key, IdentityPolicies = new[] { AllowAll } };
            var delegated = new EvaluationRequest("kms:Decrypt", Role)
            {
                Resource = Key,
                IdentityPolicies = new[] { AllowAll },
                ResourcePolicy = Policy(AllowPrincipal("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", "kms:*")),
            };

            EvaluationResult denied = Run(identityOnly);
            Assert.Equal(new[] { PolicyType.ResourceBased }, denied.DeniedBy);
            Assert.Contains("key policy", denied.Explanation);
            Assert.Equal(PolicyDecision.Allowed, Run(delegated).Decision);
        }

        // ---- Anonymous and service principals ----

        [Theory]
        [InlineData("\"*\"", true)]
        [InlineData("{\"AWS\":\"*\"}", true)]
        [InlineData("{\"AWS\":\"111122223333\"}", false)]
        public void AnonymousRequestsNeedAResourcePolicyForEveryone(string principal, bool allowed)
        {
            var request = new EvaluationRequest("s3:GetObject", "Anonymous")
            {
                Resource = Bucket + "/public/x",
                ResourcePolicy = Policy(AllowPrincipal(principal, "s3:GetObject", Bucket + "/public/*")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(allowed ? PolicyDecision.Allowed : PolicyDecision.ImplicitDeny, result.Decision);
            if (!allowed)
            {
                Assert.Equal(new[] { PolicyType.ResourceBased }, result.DeniedBy);
                Assert.Contains("anonymous", result.Explanation);
            }
        }

        [Fact]
        public void AnonymousRequestsIgnoreIdentityPoliciesWithAWarning()
        {
            EvaluationResult result = Run(new EvaluationRequest("s3:GetObject", "Anonymous") { Resource = Bucket + "/x", IdentityPolicies = new[] { AllowAll } });

            Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
            Assert.Single(result.Warnings);
        }

        [Fact]
        public void AServicePrincipalNeedsTheResourcePolicyToNameIt()
        {
            var request = new EvaluationRequest("s3:PutObject", "cloudtrail.amazonaws.com")
            {
                Resource = Bucket + "/AWSLogs/x",
                ResourcePolicy = Policy(AllowPrincipal("""{"Service":"config.amazonaws.com"}""")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(new[] { PolicyType.ResourceBased }, result.DeniedBy);
            Assert.Contains("service principal", result.Explanation);
        }

        [Fact]
        public void ResourcePolicyStatementsWithoutAPrincipalMatchNobody()
        {
            var request = new EvaluationRequest("s3:GetObject", User) { Resource = Bucket + "/k", ResourcePolicy = Policy(Allow()) };

            Assert.Equal(PolicyDecision.ImplicitDeny, Run(request).Decision);
        }

        // ---- NotPrincipal ----

        [Fact]
        public void NotPrincipalDenyExemptsOnlyPrincipalsListedWithTheirAccount()
        {
            string notPrincipal(string list) => "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"NotPrincipal\":{\"AWS\":" + list + "}}";
            EvaluationResult Check(string list, string principal, PolicyDocument? boundary = null) => Run(new EvaluationRequest("s3:GetObject", principal)
            {
                Resource = Bucket + "/k",
                IdentityPolicies = new[] { AllowAll },
                PermissionsBoundary = boundary,
                ResourcePolicy = Policy(notPrincipal(list)),
            });

            Assert.Equal(PolicyDecision.ExplicitDeny, Check("\"" + User + "\"", User).Decision); // account not listed
            Assert.Equal(PolicyDecision.Allowed, Check("[\"" + User + "\",\"arn:aws:iam::111122223333:root\"]", User).Decision);
            Assert.Equal(PolicyDecision.ExplicitDeny, Check("[\"arn:aws:iam::111122223333:user/bob\",\"111122223333\"]", User).Decision);
            Assert.Equal(PolicyDecision.Allowed, Check("[\"" + Session + "\",\"111122223333\"]", Session).Decision);

            // AWS: a Deny with NotPrincipal always denies IAM principals that have a permissions boundary.
            Assert.Equal(PolicyDecision.ExplicitDeny, Check("[\"" + User + "\",\"111122223333\"]", User, AllowAll).Decision);
        }

        [Fact]
        public void NotPrincipalExemptsANamedServicePrincipal()
        {
            var request = new EvaluationRequest("s3:PutObject", "cloudtrail.amazonaws.com")
            {
                Resource = Bucket + "/x",
                ResourcePolicy = Policy(
                    AllowPrincipal("""{"Service":"cloudtrail.amazonaws.com"}"""),
                    """{"Effect":"Deny","Action":"s3:*","Resource":"*","NotPrincipal":{"Service":"cloudtrail.amazonaws.com"}}"""),
            };

            Assert.Equal(PolicyDecision.Allowed, Run(request).Decision);
        }

        // ---- VPC endpoint policies ----

        [Fact]
        public void AVpcEndpointPolicyMustAllowToo()
        {
            var request = new EvaluationRequest("s3:GetObject", User)
            {
                Resource = Bucket + "/k",
                IdentityPolicies = new[] { AllowAll },
                VpcEndpointPolicy = Policy(AllowPrincipal("\"*\"", "s3:ListBucket")),
            };

            EvaluationResult result = Run(request);

            Assert.Equal(new[] { PolicyType.VpcEndpoint }, result.DeniedBy);
            Assert.Contains("VPC endpoint", result.Explanation);
        }

        [Fact]
        public void ImplicitDenyListsEveryMissingAllow()
        {
            var request = new EvaluationRequest("cloudtrail:CreateTrail", User)
            {
                ServiceControlPolicies = new[] { new[] { Policy(Allow("s3:*")) } },
                VpcEndpointPolicy = Policy(AllowPrincipal("\"*\"", "s3:*")),
            };

            Assert.Equal(new[] { PolicyType.ServiceControl, PolicyType.VpcEndpoint, PolicyType.IdentityBased }, Run(request).DeniedBy);
        }

        [Fact]
        public void UnknownActionsAreWarnedAboutThroughTheHook()
        {
            var options = new EvaluationOptions { IsKnownAction = a => a.StartsWith("cloudtrail:", StringComparison.OrdinalIgnoreCase) };

            EvaluationResult known = PolicyEvaluator.Evaluate(new EvaluationRequest("cloudtrail:GetTrail", User), options);
            EvaluationResult unknown = PolicyEvaluator.Evaluate(new EvaluationRequest("cloudtrial:GetTrail", User), options);

            Assert.Empty(known.Warnings);
            Assert.Contains("cloudtrial:GetTrail", Assert.Single(unknown.Warnings));
        }

        [Fact]
        public void ResultsEchoTheRequest()
        {
            EvaluationResult result = Run(new EvaluationRequest("cloudtrail:GetTrail", Session) { Resource = Trail });

            Assert.Equal("cloudtrail:GetTrail", result.Action);
            Assert.Equal(Trail, result.Resource);
            Assert.Equal(Session, result.Principal);
        }
    }
}
