using System.Numerics;
using System.Runtime.InteropServices;

namespace OpsConsole.Recommendations;

/// <summary>
/// In-place inverse of a dense symmetric positive-definite matrix (row-major doubles) through its Cholesky factor:
/// A = L·Lᵀ, U = L⁻ᵀ, A⁻¹ = U·Uᵀ. Every phase works on contiguous row segments with SIMD dot products, and the two
/// later phases are embarrassingly parallel, so the n³ flops run far faster than a general-purpose managed inverse.
/// Apart from the matrix itself it needs O(n) memory per thread.
/// </summary>
public static class SymmetricInverse
{
    private const int ParallelWork = 1 << 15;

    /// <summary>
    /// Replaces <paramref name="a"/> (n×n; only its lower triangle and diagonal are read) with the full symmetric inverse.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not positive definite.</exception>
    public static void Invert(double[] a, int n, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if ((long)n * n > a.Length)
        {
            throw new ArgumentException($"The array holds {a.Length} values, fewer than {n}×{n}.", nameof(a));
        }
        Cholesky(a, n, cancellationToken);
        var uDiagonal = InvertTransposedFactor(a, n, cancellationToken);
        var pDiagonal = MultiplyByTranspose(a, n, uDiagonal, cancellationToken);
        Mirror(a, n, pDiagonal);
    }

    /// <summary>
    /// Right-looking blocked factorisation: factor a diagonal block, solve the panel below it, then subtract the
    /// panel's outer product from the trailing matrix. The trailing update (nearly all the flops) reads short
    /// contiguous panel rows that stay in cache, and its rows are independent.
    /// </summary>
    internal static void Cholesky(double[] a, int n, CancellationToken cancellationToken)
    {
        const int Block = 64;
        for (var k0 = 0; k0 < n; k0 += Block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var k1 = Math.Min(n, k0 + Block);
            for (var j = k0; j < k1; j++)
            {
                var rowJ = a.AsSpan(j * n + k0, j - k0);
                var d = a[j * n + j] - Dot(rowJ, rowJ);
                if (!(d > 0))
                {
                    throw new ArgumentException($"The matrix is not positive definite (pivot {j} is {d}).", nameof(a));
                }
                var pivot = Math.Sqrt(d);
                a[j * n + j] = pivot;
                for (var i = j + 1; i < k1; i++)
                {
                    a[i * n + j] = (a[i * n + j] - Dot(a.AsSpan(i * n + k0, j - k0), rowJ)) / pivot;
                }
            }
            if (k1 == n)
            {
                break;
            }
            var from = k0;
            var to = k1;
            Parallel.For(k1, n, i =>
            {
                for (var j = from; j < to; j++)
                {
                    var at = i * n + j;
                    a[at] = (a[at] - Dot(a.AsSpan(i * n + from, j - from), a.AsSpan(j * n + from, j - from))) / a[j * n + j];
                }
            });
            Parallel.For(0, (n - k1 + 1) / 2, pair =>
            {
                // Two rows at a time share every load of the panel rows they are multiplied with.
                var i0 = to + 2 * pair;
                var width = to - from;
                var x0 = a.AsSpan(i0 * n + from, width);
                if (i0 + 1 >= n)
                {
                    for (var j = to; j <= i0; j++)
                    {
                        a[i0 * n + j] -= Dot(x0, a.AsSpan(j * n + from, width));
                    }
                    return;
                }
                var x1 = a.AsSpan((i0 + 1) * n + from, width);
                for (var j = to; j <= i0; j++)
                {
                    var (d0, d1) = Dot2(x0, x1, a.AsSpan(j * n + from, width));
                    a[i0 * n + j] -= d0;
                    a[(i0 + 1) * n + j] -= d1;
                }
                a[(i0 + 1) * n + i0 + 1] -= Dot(x1, x1);
            });
        }
    }

    /// <summary>
    /// Row i of U = L⁻ᵀ is column i of L⁻¹, found by forward substitution; it is written to the strict upper part of
    /// row i (the diagonal goes to the returned array) so L, in the lower part, stays intact for the other rows.
    /// Columns are solved in pairs that share every load of L.
    /// </summary>
    internal static double[] InvertTransposedFactor(double[] a, int n, CancellationToken cancellationToken)
    {
        var diagonal = new double[n];
        Parallel.For(0, (n + 1) / 2, new ParallelOptions { CancellationToken = cancellationToken }, () => (new double[n], new double[n]), (pair, _, buffers) =>
        {
            var (x0, x1) = buffers;
            var i = 2 * pair;
            x0[i] = 1 / a[i * n + i];
            if (i + 1 == n)
            {
                diagonal[i] = x0[i];
                return buffers;
            }
            x1[i] = 0;
            x1[i + 1] = 1 / a[(i + 1) * n + i + 1];
            x0[i + 1] = -a[(i + 1) * n + i] * x0[i] / a[(i + 1) * n + i + 1];
            for (var k = i + 2; k < n; k++)
            {
                var (d0, d1) = Dot2(x0.AsSpan(i, k - i), x1.AsSpan(i, k - i), a.AsSpan(k * n + i, k - i));
                var pivot = a[k * n + k];
                x0[k] = -d0 / pivot;
                x1[k] = -d1 / pivot;
            }
            diagonal[i] = x0[i];
            diagonal[i + 1] = x1[i + 1];
            x0.AsSpan(i + 1, n - i - 1).CopyTo(a.AsSpan(i * n + i + 1));
            x1.AsSpan(i + 2, n - i - 2).CopyTo(a.AsSpan((i + 1) * n + i + 2));
            return buffers;
        }, _ => { });
        return diagonal;
    }

    /// <summary>
    /// (U·Uᵀ)[i][j] for j ≥ i sums U[i][k]·U[j][k] over k ≥ j: contiguous row segments. The off-diagonal results go
    /// to the strict lower part (L is no longer needed), the diagonal to the returned array. Rows go in pairs that
    /// share every load of row j.
    /// </summary>
    internal static double[] MultiplyByTranspose(double[] a, int n, double[] uDiagonal, CancellationToken cancellationToken)
    {
        var diagonal = new double[n];
        Parallel.For(0, (n + 1) / 2, new ParallelOptions { CancellationToken = cancellationToken }, pair =>
        {
            var i = 2 * pair;
            var row0 = a.AsSpan(i * n, n);
            diagonal[i] = uDiagonal[i] * uDiagonal[i] + Dot(row0[(i + 1)..], row0[(i + 1)..]);
            if (i + 1 == n)
            {
                return;
            }
            var row1 = a.AsSpan((i + 1) * n, n);
            diagonal[i + 1] = uDiagonal[i + 1] * uDiagonal[i + 1] + Dot(row1[(i + 2)..], row1[(i + 2)..]);
            a[(i + 1) * n + i] = row0[i + 1] * uDiagonal[i + 1] + Dot(row0[(i + 2)..], row1[(i + 2)..]);
            for (var j = i + 2; j < n; j++)
            {
                var (d0, d1) = Dot2(row0[(j + 1)..], row1[(j + 1)..], a.AsSpan(j * n + j + 1, n - j - 1));
                a[j * n + i] = row0[j] * uDiagonal[j] + d0;
                a[j * n + i + 1] = row1[j] * uDiagonal[j] + d1;
            }
        });
        return diagonal;
    }

    internal static void Mirror(double[] a, int n, double[] diagonal)
    {
        const int Tile = 64;
        var tiles = (n + Tile - 1) / Tile;
        Parallel.For(0, tiles, tileRow =>
        {
            var i0 = tileRow * Tile;
            var i1 = Math.Min(n, i0 + Tile);
            for (var j0 = i0; j0 < n; j0 += Tile)
            {
                var j1 = Math.Min(n, j0 + Tile);
                for (var i = i0; i < i1; i++)
                {
                    for (var j = Math.Max(j0, i + 1); j < j1; j++)
                    {
                        a[i * n + j] = a[j * n + i];
                    }
                }
            }
            for (var i = i0; i < i1; i++)
            {
                a[i * n + i] = diagonal[i];
            }
        });
    }

    /// <summary>Two dot products against the same <paramref name="y"/>, loading it once.</summary>
    internal static (double, double) Dot2(ReadOnlySpan<double> x0, ReadOnlySpan<double> x1, ReadOnlySpan<double> y)
    {
        var length = y.Length;
        var i = 0;
        var sum0 = 0.0;
        var sum1 = 0.0;
        if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
        {
            var v0 = MemoryMarshal.Cast<double, Vector<double>>(x0[..length]);
            var v1 = MemoryMarshal.Cast<double, Vector<double>>(x1[..length]);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            for (var v = 0; v < vy.Length; v++)
            {
                var w = vy[v];
                acc0 = Vector.FusedMultiplyAdd(v0[v], w, acc0);
                acc1 = Vector.FusedMultiplyAdd(v1[v], w, acc1);
            }
            sum0 = Vector.Sum(acc0);
            sum1 = Vector.Sum(acc1);
            i = vy.Length * Vector<double>.Count;
        }
        for (; i < length; i++)
        {
            sum0 += x0[i] * y[i];
            sum1 += x1[i] * y[i];
        }
        return (sum0, sum1);
    }

    internal static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var length = x.Length;
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && length >= 2 * Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..length]);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            var v = 0;
            for (; v + 1 < vx.Length; v += 2)
            {
                acc0 = Vector.FusedMultiplyAdd(vx[v], vy[v], acc0);
                acc1 = Vector.FusedMultiplyAdd(vx[v + 1], vy[v + 1], acc1);
            }
            if (v < vx.Length)
            {
                acc0 = Vector.FusedMultiplyAdd(vx[v], vy[v], acc0);
                v++;
            }
            sum = Vector.Sum(acc0 + acc1);
            i = v * Vector<double>.Count;
        }
        for (; i < length; i++)
        {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
