using System.Runtime;
using CrmGrpc.Data.Repositories;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Services.Metrics;
using CrmGrpc.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>Methods are compiled before their first call: those of the types named, of their nested types, never generic ones.</summary>
public sealed class MethodPreparerTests
{
    [Fact]
    public void The_declared_methods_of_a_type_and_its_nested_types_are_compiled_once_and_generic_ones_left_out()
    {
        var before = JitInfo.GetCompiledMethodCount(currentThread: true);
        var prepared = MethodPreparer.Prepare([typeof(NeverCalled)], CancellationToken.None);
        var compiled = JitInfo.GetCompiledMethodCount(currentThread: true) - before;

        // NeverCalled: its constructor, Add and Twice (not Echo<T>); Shape: its constructor (not the abstract Area);
        // Square: its constructor and Area.
        Assert.Equal(6, prepared);
        Assert.True(compiled >= prepared, $"{prepared} methods prepared but {compiled} compiled");

        var again = JitInfo.GetCompiledMethodCount(currentThread: true);
        Assert.Equal(6, MethodPreparer.Prepare([typeof(NeverCalled)], CancellationToken.None));
        Assert.Equal(again, JitInfo.GetCompiledMethodCount(currentThread: true));
    }

    [Fact]
    public void A_cancelled_preparation_stops()
    {
        Assert.Throws<OperationCanceledException>(() => MethodPreparer.Prepare([typeof(NeverCalled)], new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task The_recalculation_path_names_the_running_store_s_scan_and_compiles_without_error()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(Path.Combine(directory.Path, "crm.db"), "--Crm:HeavyWork:WarmUp=false");
        var scans = server.Services.GetRequiredService<ICustomerScanRepository>();

        var types = MetricsWarmUp.RecalculationPath(scans).ToList();

        Assert.Contains(scans.GetType(), types);
        Assert.Contains(typeof(MetricsGrpcService), types);
        Assert.Contains(types, t => t.FullName == "CrmGrpc.Modeling.BgNbdExpectation");
        Assert.True(MethodPreparer.Prepare(types, CancellationToken.None) > 100);
    }

    private sealed class NeverCalled(int offset)
    {
        public int Add(int a) => a + offset;

        public static int Twice(int a) => a * 2;

        public T Echo<T>(T value) => offset == 0 ? value : default!;

        private abstract class Shape
        {
            public abstract double Area();
        }

        private sealed class Square(double side) : Shape
        {
            public override double Area() => side * side;
        }
    }
}
