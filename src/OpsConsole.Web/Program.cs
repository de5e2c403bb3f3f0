using OpsConsole.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddConsolePlatform().AddConsoleCapabilities();

var app = builder.Build();
app.MapConsole();

await app.PrepareDatabaseAsync();
await app.RunAsync();

public partial class Program;
