using System.Reflection;
using System.Runtime.CompilerServices;

namespace CrmGrpc.Server.Hosting;

/// <summary>
/// Compiles methods before their first call. The server runs without tiered compilation, so a method's first call
/// compiles fully optimised code on the caller's time; compiling the methods of a path at start moves that cost off
/// the first request that takes the path, also for the branches a made-up sample never reaches.
/// </summary>
public static class MethodPreparer
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>
    /// Compiles every method and instance constructor with a body that the types and their nested types (closures,
    /// async state machines, iterators) declare. Generic methods and the members of generic types are left out:
    /// which instantiations run is not known here. The runtime's preparation also passes over some virtual methods of
    /// classes (measured: interface implementations compile on their first call all the same; overrides in sealed classes
    /// and the methods of structs are compiled). Returns how many methods were handed to it.
    /// </summary>
    public static int Prepare(IEnumerable<Type> types, CancellationToken cancellationToken)
    {
        var prepared = 0;
        var pending = new Stack<Type>(types);
        var seen = new HashSet<Type>();
        while (pending.TryPop(out var type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var nested in type.GetNestedTypes(Declared))
            {
                pending.Push(nested);
            }

            if (type.ContainsGenericParameters || type.IsInterface || type.IsSubclassOf(typeof(Delegate)))
            {
                continue;
            }

            foreach (var method in type.GetMethods(Declared).Concat<MethodBase>(type.GetConstructors(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)))
            {
                if (HasBody(method))
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    prepared++;
                }
            }
        }

        return prepared;
    }

    // Abstract methods, extern (P/Invoke) ones and those the runtime implements have no IL to compile.
    private static bool HasBody(MethodBase method) =>
        !method.IsAbstract
        && !method.ContainsGenericParameters
        && (method.Attributes & MethodAttributes.PinvokeImpl) == 0
        && (method.MethodImplementationFlags & (MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime)) == 0;
}
