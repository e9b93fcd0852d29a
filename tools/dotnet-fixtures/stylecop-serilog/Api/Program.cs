using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Sinks, levels and enrichers come from the "Serilog" section of appsettings*.json.
builder.Host.UseSerilog((context, loggerConfiguration) => loggerConfiguration.ReadFrom.Configuration(context.Configuration));

builder.Services.AddControllers();

var app = builder.Build();

app.UseSerilogRequestLogging();
app.MapControllers();
app.MapGet("/", () => "ok");

app.Run();
