using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>One AWS Query protocol call: Action plus flattened, form-encoded parameters.</summary>
    internal sealed class QueryOperationRequest : AmazonWebServiceRequest
    {
        public QueryOperationRequest(string action)
        {
            Action = action;
        }

        public string Action { get; }

        public List<KeyValuePair<string, string>> Parameters { get; } = new List<KeyValuePair<string, string>>();

        public QueryOperationRequest Add(string name, string? value)
        {
            if (value != null)
            {
                Parameters.Add(new KeyValuePair<string, string>(name, value));
            }

            return this;
        }

        public QueryOperationRequest Add(string name, int? value)
        {
            return Add(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>Adds a list as the Query protocol flattens it: Name.member.1, Name.member.2, ...</summary>
        public QueryOperationRequest AddList(string name, IEnumerable<string>? values)
        {
            if (values == null)
            {
                return this;
            }

            int index = 1;
            foreach (string value in values)
            {
                Add($"{name}.member.{index++}", value);
            }

            return this;
        }
    }

    /// <summary>The parsed &lt;ActionResult&gt; element of a Query protocol response.</summary>
    internal sealed class QueryOperationResponse : AmazonWebServiceResponse
    {
        public XElement? Result { get; set; }
    }

    internal sealed class QueryRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        private readonly AwsServiceDefinition _service;

        public QueryRequestMarshaller(AwsServiceDefinition service)
        {
            _service = service;
        }

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            var operation = (QueryOperationRequest)input;
            IRequest request = new DefaultRequest(operation, _service.SdkServiceName);
            request.HttpMethod = "POST";
            request.Parameters.Add("Action", operation.Action);
            request.Parameters.Add("Version", _service.ApiVersion);
            foreach (var parameter in operation.Parameters)
            {
                request.Parameters.Add(parameter.Key, parameter.Value);
            }

            return request;
        }
    }

    internal sealed class QueryResponseUnmarshaller : XmlResponseUnmarshaller
    {
        private readonly string _action;

        public QueryResponseUnmarshaller(string action)
        {
            _action = action;
        }

        public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext context)
        {
            var response = new QueryOperationResponse();
            byte[] body;
            using (var buffer = new MemoryStream())
            {
                context.Stream.CopyTo(buffer);
                body = buffer.ToArray();
            }

            XDocument document;
            try
            {
                using (var reader = XmlReader.Create(new MemoryStream(body, false), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
                {
                    document = XDocument.Load(reader);
                }
            }
            catch (XmlException ex)
            {
                throw Unreadable(context, body, ex);
            }

            XElement? root = document.Root;
            if (root == null || !root.Name.LocalName.EndsWith("Response", StringComparison.Ordinal))
            {
                // Well-formed XML of another kind (an XHTML page, a different API): not this protocol's answer.
                throw Unreadable(context, body, null);
            }

            response.Result = root?.Elements().FirstOrDefault(e => e.Name.LocalName == _action + "Result");
            string? requestId = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "ResponseMetadata")
                ?.Elements().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            response.ResponseMetadata = new ResponseMetadata { RequestId = requestId };
            return response;
        }

        private static UnreadableResponseException Unreadable(XmlUnmarshallerContext context, byte[] body, Exception? inner)
        {
            var data = context.ResponseData;
            return new UnreadableResponseException(
                "XML", data?.StatusCode ?? HttpStatusCode.OK, data?.ContentType, body, data?.GetHeaderValue("x-amzn-RequestId"), inner);
        }

        public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
        {
            ErrorResponse error;
            try
            {
                error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(context);
            }
            catch (Exception ex) when (ex is XmlException || ex is InvalidOperationException || ex is IOException)
            {
                error = new ErrorResponse { Type = ErrorType.Unknown };
            }

            string? requestId = error.RequestId;
            if (string.IsNullOrEmpty(requestId) && context.ResponseData != null)
            {
                requestId = context.ResponseData.GetHeaderValue("x-amzn-RequestId");
            }

            string message = string.IsNullOrEmpty(error.Message) ? $"The service returned HTTP {(int)statusCode} without an error message." : error.Message;
            return new AmazonServiceException(message, innerException, error.Type, error.Code, requestId, statusCode);
        }
    }
}
