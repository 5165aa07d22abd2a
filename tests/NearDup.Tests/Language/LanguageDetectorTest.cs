using NearDup.Language;

namespace NearDup.Tests.Language;

public class LanguageDetectorTest
{
    [Theory]
    [InlineData("en", "The central bank raised its main interest rate on Thursday, saying that inflation had been higher than it expected for most of the year.")]
    [InlineData("pt", "O banco central aumentou a taxa de juros nesta quinta-feira, e disse que a inflação foi mais alta do que esperava para o ano.")]
    [InlineData("es", "El banco central subió el jueves su principal tasa de interés y dijo que la inflación fue más alta de lo que esperaba para este año.")]
    [InlineData("fr", "La banque centrale a relevé jeudi son principal taux d'intérêt, et elle a dit que l'inflation était plus forte que prévu pour cette année.")]
    [InlineData("de", "Die Zentralbank hat am Donnerstag den Leitzins erhöht und erklärt, dass die Inflation in diesem Jahr höher war als sie erwartet hatte.")]
    [InlineData("it", "La banca centrale ha alzato giovedì il suo tasso di interesse principale e ha detto che l'inflazione è stata più alta del previsto per quest'anno.")]
    [InlineData("ko", "중앙은행은 목요일 기준금리를 인상했으며 올해 물가 상승률이 예상보다 높았다고 밝혔다.")]
    [InlineData("ja", "中央銀行は木曜日、政策金利を引き上げ、今年のインフレ率は予想よりも高かったと述べた。")]
    [InlineData("zh", "中央银行周四提高了主要利率，并表示今年的通货膨胀率高于预期。")]
    [InlineData("ru", "Центральный банк в четверг повысил ключевую ставку и заявил, что инфляция в этом году оказалась выше ожиданий.")]
    [InlineData("uk", "Центральний банк у четвер підвищив облікову ставку і заявив, що інфляція цього року виявилася вищою за очікування.")]
    [InlineData("el", "Η κεντρική τράπεζα αύξησε την Πέμπτη το βασικό επιτόκιο και δήλωσε ότι ο πληθωρισμός ήταν υψηλότερος από τον αναμενόμενο.")]
    [InlineData("ar", "رفع البنك المركزي يوم الخميس سعر الفائدة الرئيسي وقال إن التضخم كان أعلى من المتوقع هذا العام.")]
    public void Detect_NewsSentence_GivesItsLanguage(string expected, string text) =>
        Assert.Equal(expected, LanguageDetector.Detect(text));

    [Theory]
    [InlineData("")]
    [InlineData("12 345 678")]
    [InlineData("OK")]
    [InlineData("Zażółć gęślą jaźń, źdźbło łęk")]
    public void Detect_TooLittleToSay_IsUndetermined(string text) =>
        Assert.Equal(LanguageDetector.Undetermined, LanguageDetector.Detect(text));

    [Fact]
    public void Detect_ShortPlainAsciiLine_WithNoProfileWords_IsEnglish() =>
        Assert.Equal("en", LanguageDetector.Detect("PHILADELPHIA 76ERS Fired Jim O'Brien, coach. Named Maurice Cheeks coach."));

    [Fact]
    public void Detect_ReadsOnlyTheSample()
    {
        string english = string.Concat(Enumerable.Repeat("The minister said that the plan was ready. ", 60));
        string text = english + string.Concat(Enumerable.Repeat("O ministro disse que o plano não estava pronto. ", 500));

        Assert.True(english.Length >= LanguageDetector.SampleCharacters);
        Assert.Equal("en", LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("de", "DIE REGIERUNG HAT \u00DCBER DAS GESETZ UND DIE STEUERN MIT DEN L\u00C4NDERN GESPROCHEN, SAGTE ER AUCH NOCH.")]
    [InlineData("en", "THE MINISTER SAID THAT THE GOVERNMENTALISATIONPROGRAMMES WERE NOT READY AND WOULD BE DELAYED FOR THE WINTER.")]
    public void Detect_WordsInCapitals_AreFoldedAsInLowerCase(string expected, string text) =>
        Assert.Equal(expected, LanguageDetector.Detect(text));
}
