using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansLicense.Silo.Logging;
using OrleansLicense.Silo.Tests.Infrastructure;
using Serilog.Extensions.Logging;

namespace OrleansLicense.Silo.Tests.Logging;

/// <summary>
/// Issue #12: the silo's logger factory hands out one logger per category (Serilog's builds a new one per call, and
/// ASP.NET Core's results asked for one on every request), and those loggers still write to the silo's log.
/// </summary>
public sealed class CachingLoggerFactoryTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public void One_logger_per_category_from_serilogs_factory()
    {
        using var factory = new CachingLoggerFactory(new SerilogLoggerFactory());

        var first = factory.CreateLogger("Microsoft.AspNetCore.Http.Result.NoContentResult");

        Assert.Same(first, factory.CreateLogger("Microsoft.AspNetCore.Http.Result.NoContentResult"));
        Assert.NotSame(first, factory.CreateLogger("OrleansLicense.Silo.Gateway"));
    }

    [Fact]
    public void The_silo_logs_through_it()
    {
        var factory = silo.Factory.Services.GetRequiredService<ILoggerFactory>();

        Assert.IsType<CachingLoggerFactory>(factory);
        Assert.Same(factory.CreateLogger("a"), factory.CreateLogger("a"));
        Assert.True(factory.CreateLogger("OrleansLicense.Silo.Gateway").IsEnabled(LogLevel.Warning));
    }
}
