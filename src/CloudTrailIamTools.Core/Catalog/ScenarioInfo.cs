using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>A CloudTrail task (e.g. CreateTrail) and every permission it needs.</summary>
    public sealed class ScenarioInfo
    {
        public ScenarioInfo(string name, string description, IReadOnlyList<ScenarioPermission> permissions, ScenarioServiceRole? serviceRole = null)
        {
            Name = name;
            Description = description;
            Permissions = permissions;
            ServiceRole = serviceRole;
        }

        public string Name { get; }

        public string Description { get; }

        public IReadOnlyList<ScenarioPermission> Permissions { get; }

        /// <summary>
        /// The role the task hands to an AWS service, which the administrator granting the scenario creates; the
        /// grantee only passes it. Null when the task needs none.
        /// </summary>
        public ScenarioServiceRole? ServiceRole { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// One permission a scenario needs. <see cref="Resource"/> and <see cref="SampleResource"/> may hold the
    /// placeholders <c>{Partition}</c>, <c>{Account}</c> and <c>{Region}</c> for the caller to fill in.
    /// </summary>
    public sealed class ScenarioPermission
    {
        public ScenarioPermission(
            string action,
            string resource,
            string sampleResource,
            IReadOnlyDictionary<string, IReadOnlyList<string>> context,
            string? condition,
            string reason)
        {
            Action = action;
            Resource = resource;
            SampleResource = sampleResource;
            Context = context;
            Condition = condition;
            Reason = reason;
        }

        /// <summary>The action in canonical casing; always a catalog action.</summary>
        public string Action { get; }

        /// <summary>The resource pattern to grant.</summary>
        public string Resource { get; }

        /// <summary>A concrete resource to test the grant against (the pattern itself when none is given).</summary>
        public string SampleResource { get; }

        /// <summary>Request context keys to set when testing (e.g. <c>iam:PassedToService</c>); empty when none.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Context { get; }

        /// <summary>A policy Condition block (JSON object text) to put in a generated grant, or null.</summary>
        public string? Condition { get; }

        public string Reason { get; }

        public override string ToString() => Action + " on " + Resource;
    }
}
