using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace CloudTrailIamTools.Core.Tests.Architecture
{
    /// <summary>
    /// The core writes no PowerShell or CLI syntax: advice is data (RemediationStep, AwsOperationCall) that each front
    /// end renders, and our own parameters are OptionName values each front end spells. This reads every string
    /// literal compiled into the core (the metadata's user-string heap) and fails on cmdlet names, aws CLI lines and
    /// -Parameter / --option syntax, apart from the few listed below with their reasons.
    /// </summary>
    public sealed class NoFrontEndSyntaxInCoreTests
    {
        // Verb-Noun with an approved verb: AWS.Tools cmdlets (Get-STSCallerIdentity) and ours (Grant-CloudTrailPermission).
        private static readonly Regex Cmdlet = new Regex(
            @"\b(Get|Set|New|Grant|Test|Resolve|Repair|Write|Remove|Register|Unregister|Enable|Disable|Update|Convert|Invoke|Use|Add|Clear|Import|Export|Start|Stop|Read)-[A-Z][A-Za-z0-9]+",
            RegexOptions.CultureInvariant);

        // An aws CLI line: aws <service> <command>.
        private static readonly Regex AwsCliLine = new Regex(@"\baws [a-z0-9-]+ [a-z0-9-]+", RegexOptions.CultureInvariant);

        // --option as a word (CLI), or -Parameter as a word (PowerShell).
        private static readonly Regex Option = new Regex(@"(^|[\s(/'""])--[a-z][a-z-]+|(^|[\s(/'""])-[A-Z][A-Za-z]+\b", RegexOptions.CultureInvariant);

        /// <summary>
        /// Literals allowed to match, found by a fragment they contain, each with why it is not the core writing
        /// front-end syntax of its own.
        /// </summary>
        private static readonly Dictionary<string, string> Allowed = new Dictionary<string, string>
        {
            // Output contract: Grant-CloudTrailCrossAccountRole / grant-cross-account-role return, as data for the
            // trusted account's users (who use either AWS tool), the AssumeRole line for both tools
            // (PowerShellCommand, AwsCliCommand); JSON consumers read those properties by name.
            ["(Use-STSRole -RoleArn '"] = "CrossAccountRoleResult.PowerShellCommand",
            ["' -RoleSessionName 'cloudtrail-reader'"] = "CrossAccountRoleResult.PowerShellCommand",
            [" -ExternalId '<external-id>'"] = "CrossAccountRoleResult.PowerShellCommand",
            [" -SerialNumber 'arn:aws:iam::<trusted-account-id>:mfa/<device-name>'"] = "CrossAccountRoleResult.PowerShellCommand",
            ["aws sts assume-role --role-arn "] = "CrossAccountRoleResult.AwsCliCommand",
            [" --role-session-name cloudtrail-reader"] = "CrossAccountRoleResult.AwsCliCommand",
            [" --external-id <external-id>"] = "CrossAccountRoleResult.AwsCliCommand",
            [" --serial-number arn:aws:iam::<trusted-account-id>:mfa/<device-name>"] = "CrossAccountRoleResult.AwsCliCommand",

            // The AWS connection resolver and error translator name the AWS tools' own set-up commands (credentials,
            // region, SSO sign-in, the SSO modules), each chosen by the front end's AwsParameterStyle. They are AWS's
            // commands, not this tool's; our own parameters in the same messages go through OptionName.
            ["run Set-AWSCredential for the session"] = "AWS.Tools set-up hint, module style only",
            ["for keys from Set-AWSCredential, "] = "AWS.Tools set-up hint, module style only",
            ["create it with 'aws configure --profile "] = "the AWS CLI's way to create a named profile (AWS.Tools' follows)",
            ["Install-Module AWS.Tools.SSO"] = "AWS.Tools modules to install, module style only",
            ["for an SSO profile run 'aws sso login'"] = "an SSO sign-in is refreshed with the AWS CLI whichever front end runs",
            ["Sign in again with 'aws sso login'"] = "an SSO sign-in is refreshed with the AWS CLI whichever front end runs",
            ["' or Set-AWSCredential -StoreAs "] = "AWS.Tools' way to create a named profile",
            ["the session's stored credentials (Set-AWSCredential, "] = "says where the module found credentials (-Verbose), module style only",
            ["the session's default region (Set-DefaultAWSRegion, "] = "says where the module found the region (-Verbose), module style only",
            [", run Set-DefaultAWSRegion, set AWS_REGION"] = "AWS.Tools set-up hint, module style only",
            ["('aws configure set region us-east-1')"] = "AWS CLI set-up hint, CLI style only",
        };

        [Fact]
        public void CoreStringLiteralsCarryNoCmdletNamesAwsCliLinesOrOptionSyntax()
        {
            var offenders = CoreStringLiterals()
                .Where(literal => !Allowed.Keys.Any(fragment => literal.Contains(fragment, System.StringComparison.Ordinal)))
                .Where(literal => Cmdlet.IsMatch(literal) || AwsCliLine.IsMatch(literal) || Option.IsMatch(literal))
                .Distinct()
                .ToList();

            Assert.True(offenders.Count == 0, "Front-end syntax in the core's string literals:\n" + string.Join("\n", offenders));
        }

        [Fact]
        public void EveryAllowedLiteralIsStillThereAndStillNeedsItsException()
        {
            // A stale entry would let a new literal with the same text through unseen.
            List<string> literals = CoreStringLiterals().ToList();
            foreach (string fragment in Allowed.Keys)
            {
                var holders = literals.Where(literal => literal.Contains(fragment, System.StringComparison.Ordinal)).ToList();
                Assert.True(holders.Count > 0, "Allowed fragment no longer in the core: " + fragment);
                Assert.True(holders.Any(h => Cmdlet.IsMatch(h) || AwsCliLine.IsMatch(h) || Option.IsMatch(h)), "Allowed fragment needs no exception: " + fragment);
            }
        }

        [Theory]
        [InlineData("Use -Force to update it.")]
        [InlineData("create it (New-IAMServiceLinkedRole)")]
        [InlineData("aws iam create-service-linked-role")]
        [InlineData("read log files with --path")]
        [InlineData("Grant-CloudTrailPermission -UserName x")]
        public void ThePatternsCatchWhatTheyGuardAgainst(string text)
        {
            Assert.True(Cmdlet.IsMatch(text) || AwsCliLine.IsMatch(text) || Option.IsMatch(text));
        }

        private static IEnumerable<string> CoreStringLiterals()
        {
            using var stream = File.OpenRead(typeof(CloudTrailIamToolsException).Assembly.Location);
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            var literals = new List<string>();
            for (UserStringHandle handle = reader.GetNextHandle(default(UserStringHandle)); !handle.IsNil; handle = reader.GetNextHandle(handle))
            {
                literals.Add(reader.GetUserString(handle));
            }

            Assert.NotEmpty(literals);
            return literals;
        }
    }
}
