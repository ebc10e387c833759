namespace CrmGrpc.Modeling.Tests.Numerics;

/// <summary>Short access to the library's special functions from tests outside this folder.</summary>
internal static class SpecialFunctionsProxy
{
    public static double LogGamma(double x) => Modeling.Numerics.SpecialFunctions.LogGamma(x);
}
