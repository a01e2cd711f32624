namespace CloudTrailIamTools.Core.Aws
{
    /// <summary>The AWS services this project calls.</summary>
    public enum AwsService
    {
        Sts,
        Iam,
        CloudTrail,
        Organizations,
    }
}
