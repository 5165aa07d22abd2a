using System.Text.Json;
using NearDup.Pipeline;
using NearDup.Read;
using NearDup.Relate;
using NearDup.Report;
using NearDup.Semantic.MiniLM;
using NearDup.Tests.Read;
using NearDup.Tests.Semantic;

namespace NearDup.Tests.Pipeline;

/// <summary>Meaning-level matching only within a language the model covers; never from a shared sign-off alone.</summary>
public class LanguageScanTest
{
    private const string PortugueseSignOff =
        "\n\nReportagem de Ana Souza e Pedro Lima, da Redação do Diário do Vale, com informações da Agência Estado. " +
        "Siga o Diário do Vale nas redes sociais e receba as notícias da região pelo WhatsApp. " +
        "Todos os direitos reservados ao Grupo Vale de Comunicação, São José dos Campos.";

    private const string PortugueseFire =
        "Um incêndio atingiu na madrugada desta terça-feira um galpão de reciclagem no bairro Jardim Satélite, em São José dos Campos. " +
        "O Corpo de Bombeiros foi acionado por volta das 3h e enviou doze viaturas ao local. " +
        "Segundo os bombeiros, as chamas consumiram cerca de 800 toneladas de papelão e plástico. " +
        "Não houve feridos, mas moradores de três ruas próximas foram retirados de casa por causa da fumaça. " +
        "A Defesa Civil interditou o imóvel e vai investigar as causas do fogo. " +
        "O dono do galpão disse que a empresa tinha licença de funcionamento e seguro contra incêndio.";

    private const string PortugueseVaccine =
        "A Prefeitura de Taubaté abriu nesta segunda-feira a campanha de vacinação contra a gripe para idosos e crianças. " +
        "São 42 postos de saúde funcionando das 8h às 17h, de segunda a sexta-feira. " +
        "A meta da Secretaria de Saúde é vacinar 90 por cento do público prioritário até o fim de maio. " +
        "Quem for ao posto deve levar documento com foto e a carteira de vacinação. " +
        "No ano passado, a cidade aplicou 61 mil doses e ficou abaixo da meta estadual. " +
        "A secretária Maria Helena Campos pediu que os pais não deixem para a última semana.";

    private const string KoreanExcerpt =
        "상파울루 인근 상조제두스캄푸스의 재활용 창고에서 화요일 새벽 큰 불이 났다. 소방관들은 열두 대의 차량을 보냈다. " +
        "불길은 판지와 플라스틱 약 800톤을 태웠으며 부상자는 없었다. 인근 주민들은 연기 때문에 대피했다.";

    private const string EnglishSignOff =
        "\n\nReporting by Tom Hale and Ruth Pereira in Millbrook; editing by Sara Quinn. " +
        "Follow the Millbrook Ledger on social media and sign up for our morning newsletter for the day's top stories. " +
        "Copyright Millbrook Ledger Media Group. All rights reserved.";

    private const string EnglishFire =
        "A fire tore through a recycling warehouse in the Satellite Gardens district of Millbrook early on Tuesday. " +
        "The fire service sent twelve engines after the alarm was raised at about 3 a.m. " +
        "Firefighters said the flames consumed some 800 tonnes of cardboard and plastic. " +
        "Nobody was hurt, but residents of three nearby streets were evacuated because of the smoke. " +
        "Civil defence officials closed the building and will investigate what caused the blaze. " +
        "The owner of the warehouse said the company had an operating licence and fire insurance.";

    private const string EnglishVaccine =
        "Taunton council opened its flu vaccination campaign for older people and children on Monday. " +
        "Forty-two clinics will be open from 8 a.m. to 5 p.m., Monday to Friday. " +
        "The health department aims to vaccinate 90 percent of the priority groups by the end of May. " +
        "People going to a clinic should bring photo identification and their vaccination card. " +
        "Last year the town gave 61,000 doses and fell short of the regional target. " +
        "Health secretary Mary Helen Fields asked parents not to leave it to the last week.";

    private static ScanOptions Options(int maxSentences = 200) => new()
    {
        Semantic = new SemanticScanOptions
        {
            CandidateEncoder = StaticEmbeddingEncoder.Default,
            VerifyEncoder = SemanticTestData.Encoder,
            MaxSentences = maxSentences,
        },
    };

    private static async Task<ScanResult> Scan(TempFolder folder, ScanOptions? options = null)
    {
        var problems = new InputProblems();
        return await new ScanPipeline(options ?? Options()).RunAsync(DocumentReaders.Open(folder.Path, problems: problems), problems,
            TestContext.Current.CancellationToken);
    }

    private static DocumentInfo Doc(ScanResult result, string id) => result.Documents.Single(d => d.Id == id);

    private static void AssertNoMeaningLevelRelation(ScanResult result) =>
        Assert.DoesNotContain(result.Relations, r => r.Kind is RelationKind.SameStory or RelationKind.Paraphrase);

    [Fact]
    public async Task PortugueseSameSiteArticles_SharingOnlyASignOff_AreNotTheSameStory_AndSaySoPerDocument()
    {
        using var folder = new TempFolder();
        folder.Write("fire.txt", PortugueseFire + PortugueseSignOff);
        folder.Write("vaccine.txt", PortugueseVaccine + PortugueseSignOff);

        using var result = await Scan(folder);

        AssertNoMeaningLevelRelation(result);
        Assert.All(result.Documents, d =>
        {
            Assert.Equal("pt", d.Language);
            Assert.Contains(d.Notes, n => n.StartsWith("meaning-level matching skipped: language 'pt'", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task KoreanExcerpt_BesideThePortugueseArticle_IsNotTheSameStory()
    {
        using var folder = new TempFolder();
        folder.Write("fire-pt.txt", PortugueseFire + PortugueseSignOff);
        folder.Write("fire-ko.txt", KoreanExcerpt);

        using var result = await Scan(folder);

        AssertNoMeaningLevelRelation(result);
        Assert.Equal("ko", Doc(result, "fire-ko").Language);
    }

    [Fact]
    public async Task EnglishTranslation_OfAPortugueseArticle_IsNeverAParaphraseAcrossLanguages()
    {
        using var folder = new TempFolder();
        folder.Write("fire-pt.txt", PortugueseFire);
        folder.Write("fire-en.txt", EnglishFire);

        using var result = await Scan(folder);

        AssertNoMeaningLevelRelation(result);
        Assert.Equal("en", Doc(result, "fire-en").Language);
        Assert.Empty(Doc(result, "fire-en").Notes);
    }

    [Fact]
    public async Task EnglishSameSiteArticles_OnDifferentEvents_SharingOnlyASignOff_AreNotTheSameStory()
    {
        using var folder = new TempFolder();
        folder.Write("fire.txt", EnglishFire + EnglishSignOff);
        folder.Write("vaccine.txt", EnglishVaccine + EnglishSignOff);

        using var result = await Scan(folder);

        AssertNoMeaningLevelRelation(result);
        Assert.All(result.Documents, d => Assert.Equal("en", d.Language));
    }

    [Fact]
    public async Task EnglishRewrite_OfTheSameEvent_IsStillFound()
    {
        using var folder = new TempFolder();
        string rewrite =
            "Early on Tuesday a blaze swept through a Millbrook recycling depot in the Satellite Gardens area. " +
            "Twelve fire engines were sent after the alarm came in at around 3 a.m. " +
            "About 800 tonnes of plastic and cardboard burned, according to firefighters. " +
            "No one was injured, though smoke forced people living on three streets nearby to leave their homes. " +
            "Officials from civil defence shut the site and are looking into the cause of the fire. " +
            "The depot's owner said the business was licensed and insured against fire.";
        folder.Write("fire.txt", EnglishFire);
        folder.Write("fire-rewrite.txt", rewrite);

        using var result = await Scan(folder);

        var relation = Assert.Single(result.Relations);
        Assert.Contains(relation.Kind, new[] { RelationKind.Paraphrase, RelationKind.SameStory });
    }

    [Fact]
    public async Task LongDocument_IsReadToMaxSentences_AndTheReportSaysSo()
    {
        using var folder = new TempFolder();
        string longText = string.Concat(Enumerable.Range(0, 40).Select(i => $"Paragraph {i} of the report says that the council met again on day {i}.\n\n"));
        folder.Write("long.txt", longText);
        folder.Write("short.txt", EnglishFire);

        using var result = await Scan(folder, Options(maxSentences: 5));

        var note = Assert.Single(Doc(result, "long").Notes);
        Assert.StartsWith("meaning-level matching read the first 5 sentences", note, StringComparison.Ordinal);
        Assert.Empty(Doc(result, "short").Notes);
    }

    [Fact]
    public async Task Json_GivesEachDocumentsLanguageAndNotes()
    {
        using var folder = new TempFolder();
        folder.Write("fire-pt.txt", PortugueseFire);
        folder.Write("fire-en.txt", EnglishFire);
        using var result = await Scan(folder);
        using var stream = new MemoryStream();

        JsonReport.Write(result, stream);

        using var json = JsonDocument.Parse(stream.ToArray());
        var documents = json.RootElement.GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        Assert.Equal("pt", documents["fire-pt"].GetProperty("language").GetString());
        Assert.Contains("not covered", documents["fire-pt"].GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("en", documents["fire-en"].GetProperty("language").GetString());
        Assert.False(documents["fire-en"].TryGetProperty("notes", out _));
    }
}
