namespace NearDup.Tests.Semantic;

/// <summary>Short news texts written for these tests, each on an event unrelated to the seeds.</summary>
internal static class UnrelatedNews
{
    public const string Earthquake = """
        TOKYO: A magnitude 6.8 earthquake struck off the coast of northern Japan on Tuesday evening, shaking buildings in Sendai and briefly halting bullet train services, officials said.

        The Japan Meteorological Agency issued a tsunami advisory for the Miyagi and Iwate coastlines, warning of waves of up to one metre, but lifted it two hours later.

        There were no immediate reports of serious damage or casualties, according to the fire and disaster management agency.

        Tohoku Electric Power said it was checking its Onagawa nuclear plant, which has been offline since 2011, and had found no abnormalities.

        Residents in coastal towns moved to higher ground as sirens sounded, and some convenience stores reported goods falling from shelves.
        """;

    public const string RateDecision = """
        FRANKFURT: The European Central Bank left its key interest rate unchanged on Thursday, saying inflation in the euro area was falling more slowly than it had expected.

        ECB President Christine Lagarde told reporters that the governing council had not discussed a cut and that future decisions would depend on incoming data.

        Consumer prices in the 20 countries that share the euro rose 2.6 percent in the year to May, above the bank's target of two percent.

        Markets had largely priced in the decision, and the euro was little changed against the dollar after the announcement.

        Economists expect the bank to lower borrowing costs once or twice more before the end of the year as wage growth cools.
        """;

    public const string CupFinal = """
        LONDON: Manchester City won the FA Cup on Saturday, beating Chelsea 2-1 at Wembley with a late header from their Norwegian striker.

        Chelsea had taken the lead through a first-half penalty before City equalised shortly after the break with a curling shot from the edge of the box.

        The winner came four minutes from time, when a corner was flicked on at the near post and headed in from six yards.

        City's manager said his players had shown great character after a difficult season in which they finished third in the league.

        It is the club's eighth FA Cup title, and the victory secures their place in next season's Europa League.
        """;

    public const string Wildfire = """
        LOS ANGELES: Firefighters battled a fast-moving wildfire in the hills north of Los Angeles on Monday, as strong winds pushed the flames towards several mountain communities.

        The blaze had burned more than 4,000 hectares by the afternoon and was five percent contained, the state forestry department said.

        Authorities ordered about 12,000 residents to leave their homes and opened evacuation shelters at two high schools.

        Air tankers and helicopters dropped water and fire retardant on the ridges, but gusts of up to 80 kilometres an hour grounded some flights.

        Forecasters warned that dry conditions would last through the week, raising the risk of new fires across southern California.
        """;

    public static string[] All => [Earthquake, RateDecision, CupFinal, Wildfire];
}
