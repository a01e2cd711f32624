namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>One way up a policy would open: the checklist row, and the action and resource the engine allowed.</summary>
    public sealed class EscalationFinding
    {
        internal EscalationFinding(EscalationPrimitive primitive, string action, string resource, string? passedToService)
        {
            Primitive = primitive;
            Action = action;
            Resource = resource;
            PassedToService = passedToService;
        }

        public EscalationPrimitive Primitive { get; }

        /// <summary>The dangerous action the policy allows.</summary>
        public string Action { get; }

        /// <summary>The probe resource on which the engine allowed it.</summary>
        public string Resource { get; }

        /// <summary>For iam:PassRole, the service the role could be passed to.</summary>
        public string? PassedToService { get; }

        public override string ToString() =>
            Primitive.Name + " (" + Action + " on " + Resource + (PassedToService is null ? string.Empty : " passed to " + PassedToService) + "): " + Primitive.Path;
    }
}
