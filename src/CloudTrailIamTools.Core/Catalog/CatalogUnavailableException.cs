using System;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>The embedded IAM catalog (or a stream given to <see cref="IamCatalog.Load"/>) is missing or malformed.</summary>
    public sealed class CatalogUnavailableException : CloudTrailIamToolsException
    {
        public CatalogUnavailableException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }

        public override string ErrorId => "CatalogUnavailable";

        public override FailureCategory Category => FailureCategory.ResourceUnavailable;
    }
}
