using OpsConsole;
using OpsConsole.Web.Access;
using OpsConsole.Web.Analytics;
using OpsConsole.Web.Components;
using OpsConsole.Web.Hosting;
using OpsConsole.Web.Ingestion;
using OpsConsole.Web.Jobs;
using OpsConsole.Web.Live;
using OpsConsole.Web.Observability;
using OpsConsole.Web.Privacy;
using OpsConsole.Web.Profiles;
using OpsConsole.Web.Recommendations;
using OpsConsole.Web.Retention;
using OpsConsole.Web.Segments;
using OpsConsole.Web.Support;

var builder = WebApplication.CreateBuilder(args);

builder.AddObservability();
builder.AddDatabase();
builder.AddScaleOut();
builder.AddConsoleAccess();
builder.Services.AddIngestion();
builder.AddIngestionApi();
builder.AddLiveHub();
builder.AddConsoleUi();
builder.AddApiDocs();
builder.AddJobs();
builder.AddDemo();
builder.AddLearnerProfiles();
builder.AddLearnerSegments();
builder.AddRecommender();
builder.AddIntentModel();
builder.AddSupportDesk();
builder.Services.AddKnowledgeBase();
builder.AddSupportReports();
builder.AddRetentionExperiments();
builder.AddChurnAlerts();
builder.AddRenewals();
builder.AddPrivacy();

var app = builder.Build();

app.UseConsolePipeline();
app.UseExportAudit();
app.MapObservability();
app.MapAccountEndpoints();
app.MapIngestionApi();
app.MapLearnerProfiles();
app.MapLearnerSegments();
app.MapRecommender();
app.MapSupportDesk();
app.MapSupportReports();
app.MapRetentionExperiments();
app.MapChurnAlerts();
app.MapRenewals();
app.MapPrivacy();
app.MapAnalyticsApi();
app.MapAnalysisExports();
app.MapLiveHub();
app.MapApiDocs();
app.MapJobs();
app.MapConsoleUi();

await app.PrepareDatabaseAsync();
await app.RunAsync();

public partial class Program;
