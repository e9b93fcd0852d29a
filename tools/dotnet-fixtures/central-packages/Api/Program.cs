using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSerilog((services, logger) =>
{
    logger.ReadFrom.Services(services);
    logger.WriteTo.Console();
});

var app = builder.Build();
app.Run();
