using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.Host.UseSerilog((context, logger) => logger.ReadFrom.Configuration(context.Configuration));

var app = builder.Build();
app.MapGet("/", () => "ok");
app.Run();
