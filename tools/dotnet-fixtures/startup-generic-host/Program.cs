using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace LegacyApi;

/// <summary>The generic host with a Startup class, as ASP.NET Core 3.x to 5.x templates wrote it.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        CreateHostBuilder(args).Build().Run();
    }

    public static IHostBuilder CreateHostBuilder(string[] args) =>
        Host.CreateDefaultBuilder(args)
            .ConfigureWebHostDefaults(webBuilder =>
            {
                webBuilder.UseStartup<Startup>();
            });
}
