// A minimal API as `dotnet new web` writes it, plus an endpoint that fails: the e2e test calls it and
// expects the exception to reach Sentry.
var builder = WebApplication.CreateBuilder(args);

// Sentry: DSN, environment and sample rates come from the "Sentry" configuration section (appsettings*.json, Sentry__* environment variables).
builder.WebHost.UseSentry();

builder.Services.AddProblemDetails();

var app = builder.Build();

app.MapGet("/", () => "ok");
app.MapGet("/boom", () =>
{
    throw new InvalidOperationException("boom from the e2e test");
});

app.Run();
