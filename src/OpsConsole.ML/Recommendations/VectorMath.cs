using System.Numerics;
using System.Runtime.InteropServices;

namespace OpsConsole.Recommendations;

internal static class VectorMath
{
    /// <summary>y += a·x.</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var length = x.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<float>.Count)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y[..length]);
            var va = new Vector<float>(a);
            for (var v = 0; v < vx.Length; v++)
            {
                vy[v] = Vector.FusedMultiplyAdd(va, vx[v], vy[v]);
            }
            i = vx.Length * Vector<float>.Count;
        }
        for (; i < length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
