using System;
using System.IO;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>One AWS JSON 1.1 call: the operation name and its serialized input.</summary>
    internal sealed class JsonOperationRequest : AmazonWebServiceRequest
    {
        public JsonOperationRequest(string operation, byte[] body)
        {
            Operation = operation;
            Body = body;
        }

        public string Operation { get; }

        public byte[] Body { get; }

        public static JsonOperationRequest Create(string operation, Action<Utf8JsonWriter>? writeMembers)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    writer.WriteStartObject();
                    writeMembers?.Invoke(writer);
                    writer.WriteEndObject();
                }

                return new JsonOperationRequest(operation, stream.ToArray());
            }
        }
    }

    /// <summary>The parsed JSON document of a JSON 1.1 response.</summary>
    internal sealed class JsonOperationResponse : AmazonWebServiceResponse
    {
        public JsonElement Result { get; set; }
    }

    internal sealed class JsonRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        private readonly AwsServiceDefinition _service;

        public JsonRequestMarshaller(AwsServiceDefinition service)
        {
            _service = service;
        }

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            var operation = (JsonOperationRequest)input;
            IRequest request = new DefaultRequest(operation, _service.SdkServiceName);
            request.Headers["X-Amz-Target"] = _service.JsonTargetPrefix + "." + operation.Operation;
            request.Headers["Content-Type"] = "application/x-amz-json-1.1";
            request.Headers["x-amz-api-version"] = _service.ApiVersion;
            request.HttpMethod = "POST";
            request.ResourcePath = "/";
            request.Content = operation.Body;
            return request;
        }
    }

    internal sealed class JsonResponseUnmarshallerForOperation : JsonResponseUnmarshaller
    {
        public static readonly JsonResponseUnmarshallerForOperation Instance = new JsonResponseUnmarshallerForOperation();

        public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
        {
            var response = new JsonOperationResponse();
            using (var buffer = new MemoryStream())
            {
                context.Stream.CopyTo(buffer);
                if (buffer.Length == 0)
                {
                    response.Result = EmptyObject();
                    return response;
                }

                buffer.Position = 0;
                try
                {
                    using (var document = JsonDocument.Parse(buffer))
                    {
                        if (document.RootElement.ValueKind != JsonValueKind.Object)
                        {
                            throw Unreadable(context, buffer.ToArray(), null);
                        }

                        response.Result = document.RootElement.Clone();
                    }
                }
                catch (JsonException ex)
                {
                    throw Unreadable(context, buffer.ToArray(), ex);
                }
            }

            return response;
        }

        private static UnreadableResponseException Unreadable(JsonUnmarshallerContext context, byte[] body, Exception? inner)
        {
            var data = context.ResponseData;
            return new UnreadableResponseException(
                "JSON", data?.StatusCode ?? HttpStatusCode.OK, data?.ContentType, body, data?.GetHeaderValue("x-amzn-RequestId"), inner);
        }

        public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
        {
            // Buffer the body first: moto (and some AWS front ends) answer JSON services with an XML error
            // document, which the SDK's XML error parser reads; everything else goes to its JSON error parser
            // (__type with namespace and ':' suffix stripped, message/Message, x-amzn-ErrorType).
            byte[] body;
            using (var buffer = new MemoryStream())
            {
                context.Stream.CopyTo(buffer);
                body = buffer.ToArray();
            }

            ErrorResponse error;
            if (StartsWithXml(body))
            {
                using (var xmlContext = new XmlUnmarshallerContext(new MemoryStream(body), false, context.ResponseData, true))
                {
                    error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(xmlContext);
                }
            }
            else
            {
                using (var jsonContext = new JsonUnmarshallerContext(new MemoryStream(body), false, context.ResponseData, true))
                {
                    var reader = new StreamingUtf8JsonReader(jsonContext.Stream);
                    error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(jsonContext, ref reader);
                }
            }

            string? requestId = error.RequestId;
            if (string.IsNullOrEmpty(requestId) && context.ResponseData != null)
            {
                requestId = context.ResponseData.GetHeaderValue("x-amzn-RequestId");
            }

            return new AmazonServiceException(error.Message, innerException, error.Type, error.Code, requestId, statusCode);
        }

        private static bool StartsWithXml(byte[] body)
        {
            foreach (byte b in body)
            {
                if (b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t')
                {
                    continue;
                }

                return b == (byte)'<';
            }

            return false;
        }

        private static JsonElement EmptyObject()
        {
            using (var document = JsonDocument.Parse("{}"))
            {
                return document.RootElement.Clone();
            }
        }
    }
}
