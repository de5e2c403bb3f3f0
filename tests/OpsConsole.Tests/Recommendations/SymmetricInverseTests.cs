using MathNet.Numerics.LinearAlgebra;
using OpsConsole.Recommendations;

namespace OpsConsole.Tests.Recommendations;

public sealed class SymmetricInverseTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(131)]
    public void Invert_RandomGramMatrix_MatchesAGeneralInverse(int n)
    {
        var random = new Random(n);
        var x = Matrix<double>.Build.Dense(3 * n, n, (_, _) => random.NextDouble() < 0.3 ? 1 : 0);
        var gram = x.TransposeThisAndMultiply(x) + 0.5 * Matrix<double>.Build.DenseIdentity(n);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                a[i * n + j] = gram[i, j];
            }
        }

        SymmetricInverse.Invert(a, n, Fixtures.Ct);

        var expected = gram.Inverse();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(expected[i, j], a[i * n + j], 9);
            }
        }
    }

    [Fact]
    public void Invert_IndefiniteMatrix_Throws()
    {
        // [[1, 2], [2, 1]] has eigenvalues 3 and −1; only the lower triangle is read.
        Assert.Throws<ArgumentException>(() => SymmetricInverse.Invert([1, 0, 2, 1], 2, Fixtures.Ct));
    }
}
