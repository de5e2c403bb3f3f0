using OpsConsole.Learners;

namespace OpsConsole.Tests.Profiles;

public sealed class PiiMaskTests
{
    [Theory]
    [InlineData("wang.lei@example.com", "w***@example.com")]
    [InlineData("noatsign", "********")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Email_Values_KeepFirstLetterAndDomain(string? email, string? expected) => Assert.Equal(expected, PiiMask.Email(email));

    [Theory]
    [InlineData("张伟", "张*")]
    [InlineData("Jane Smith", "J*** S***")]
    [InlineData("Al", "A*")]
    public void Name_Values_KeepInitials(string name, string expected) => Assert.Equal(expected, PiiMask.Name(name));

    [Theory]
    [InlineData("13812345678", "*******5678")]
    [InlineData("123", "***")]
    public void Phone_Values_KeepLastFourDigits(string phone, string expected) => Assert.Equal(expected, PiiMask.Phone(phone));
}
