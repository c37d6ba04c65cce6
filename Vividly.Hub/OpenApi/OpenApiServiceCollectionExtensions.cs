namespace Vividly.Hub.OpenApi;

public static class OpenApiServiceCollectionExtensions
{
    /// <summary>
    /// The wire contract as an OpenAPI document at <c>/openapi/v1.json</c>: the REST API plus the
    /// SignalR messages, named as the contract's JSON names them (the HTTP JSON options it is built
    /// from are the contract's). The web app's TypeScript wire types are generated from it.
    /// </summary>
    public static IServiceCollection AddWireContractDocument(this IServiceCollection services) =>
        services.AddOpenApi(document =>
        {
            document.AddDocumentTransformer<HubMessageSchemas>();
            document.AddDocumentTransformer((openApi, _, _) =>
            {
                openApi.Info.Title = "Vividly Realtime hub";
                // The hub sits behind proxies: the address a request reached it on is no client's to use.
                openApi.Servers = [];
                return Task.CompletedTask;
            });
            document.AddSchemaTransformer<ContractSchemaFixes>();
        });
}
