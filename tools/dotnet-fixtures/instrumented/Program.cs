var builder = WebApplication.CreateBuilder(args);

// Wired by hand before the generator ran.
builder.WebHost.UseSentry(o =>
{
    o.Debug = true;
});

var app = builder.Build();
app.MapGet("/", () => "ok");
app.Run();
