# Writes the made-up site corpus (HTML pages and their furniture-keeping plain text). Run: python3 make_sites.py
import html, os
out = os.path.dirname(os.path.abspath(__file__))

sites = {
 "harbour-gazette": dict(name="The Harbour Gazette", host="harbourgazette.example",
   nav=["Home","Local News","Port and Shipping","Business","Sport","Culture","Opinion","Weather","Contact"],
   newsletter="Sign up for The Harbour Gazette morning briefing: the day's top local stories, the tide tables and the weather, delivered to your inbox before seven o'clock every weekday.",
   related=["Ferry timetable changes for the winter season announced","Lighthouse keepers' cottage to become a maritime museum","Harbour master warns of storm surge on the eastern quay","Fish market traders protest over new rent increases"],
   footer=["The Harbour Gazette is published by Coastline Media Group, 14 Quay Street, Portleven. Our journalism is paid for by readers and advertisers, we follow the editors' code of practice and we correct our mistakes promptly and in public.","© 2026 Coastline Media Group. All rights reserved."]),
 "valley-courier": dict(name="Valley Courier", host="valleycourier.example",
   nav=["Front Page","Towns","Farming","Schools","Courts","Arts","Obituaries","Subscribe"],
   newsletter="Get the Valley Courier weekend edition in your inbox: long reads from the valley towns, the farming prices and the week's court reports, free every Saturday morning.",
   related=["County fair returns with record number of livestock entries","New bridge over the river delayed by flooding","Village school celebrates its one hundredth anniversary","Orchard growers expect a late apple harvest"],
   footer=["Valley Courier, Mill Lane, Ashby Cross. The Courier has served the valley towns since 1887 and is owned by an independent trust that reinvests every surplus into local reporting and training for young journalists.","Copyright 2026 Valley Courier Trust. Terms of use, privacy notice and cookie settings."]),
 "metro-ledger": dict(name="Metro Ledger", host="metroledger.example",
   nav=["Latest","City Hall","Transit","Housing","Tech","Food","Events","Podcasts","Jobs"],
   newsletter="The Metro Ledger daily newsletter brings you the city hall agenda, transit alerts and the best new restaurants, every weekday at noon. Sign up now and never miss a council vote.",
   related=["Subway line extension wins final approval from transit board","Rent control ballot measure heads to voters in November","Food truck owners push back on new parking rules","Tech incubator opens in former textile warehouse downtown"],
   footer=["Metro Ledger is an independent, nonprofit newsroom covering the city. Donations from members make our reporting possible; our sponsors and donors have no say in what we cover or how we cover it.","© 2026 Metro Ledger. All rights reserved. Reproduction without permission is prohibited."]),
}

articles = {
 "harbour-gazette": [
  ("Tidal station opens after a decade of delays", [
   "The harbour city of Portleven switched on its first tidal power station on Tuesday, ending a decade of delays, lawsuits and cost overruns that had made the project a byword for local government mismanagement.",
   "The station's twelve underwater turbines, anchored to the seabed at the mouth of the estuary, will supply electricity to about 40,000 homes when running at full capacity, according to the regional energy authority.",
   "\"This is the day many people said would never come,\" Mayor Elena Varga told a crowd of several hundred residents gathered on the quay.",
   "The project was first approved in 2014 with a budget of 180 million euros. Legal challenges from fishing associations held up construction for almost four years.",
   "Environmental groups gave the opening a cautious welcome and said monitoring data from the first two years would show whether the fears of the fishing industry had been justified."]),
  ("Dockworkers vote to accept new pay offer", [
   "Dockworkers at Portleven container terminal have voted by a narrow margin to accept a pay offer that ends three months of overtime bans and weekend stoppages.",
   "The deal gives crane operators and lashers a rise of six percent this year and four percent next year, with a one-off payment for night shifts worked during the dispute.",
   "Union organiser Marta Kowalczyk said members were tired rather than satisfied and that the fight over automation at the terminal was only postponed.",
   "Shipping lines had diverted a dozen vessels to rival ports since the summer, and hauliers said queues of lorries on the ring road had cost them thousands.",
   "The terminal operator said normal working would resume from Monday and that it expected to clear the backlog of containers within a fortnight."]),
  ("Old rope works to become artists' studios", [
   "A derelict rope works on the western side of the harbour will be turned into forty studios for painters, potters and furniture makers under plans approved by the council planning committee.",
   "The long brick building, where ropes for sailing ships were twisted by hand until the 1920s, has stood empty for three decades and lost part of its roof in a storm last winter.",
   "Architect Joren Blaauw said the conversion would keep the original timber trusses and the iron rails along which the ropes were once walked.",
   "Rents will be capped at half the market rate for the first five years, paid for by a heritage grant and by the sale of two new houses at the end of the site.",
   "Neighbours who objected to the plans over parking said they would not appeal but asked the council to review the traffic on Ropewalk Lane after a year."]),
  ("Lifeboat crew rescues yacht sailors in gale", [
   "Volunteers from the Portleven lifeboat station rescued three sailors from a yacht that lost its mast in a gale twenty miles off the headland late on Saturday night.",
   "The crew launched at eleven o'clock and reached the yacht after a two-hour passage through waves that coxswain Anders Holm described as the worst he had seen in ten years.",
   "The three sailors, a father and his two adult sons from Hamburg, were cold but unhurt and were taken to the harbour, where paramedics checked them on the slipway.",
   "The yacht was towed in on Sunday afternoon once the wind had dropped. Its owner thanked the crew and promised a donation to the station's appeal for a new boathouse.",
   "The station has launched forty-one times this year, more than in any year since it opened in 1868, which the crew put down to the growing number of leisure sailors."]),
 ],
 "valley-courier": [
  ("Farmers count the cost of the wettest spring", [
   "Farmers across the valley are counting the cost of the wettest spring on record, with thousands of acres of wheat and barley still unsown at the end of May.",
   "The agricultural college at Ashby Cross said rainfall since March was nearly double the long-term average and that many fields had been under water for weeks.",
   "Dairy farmer Gwen Pryce said her cattle had been kept indoors a month longer than usual and that she had already used the silage meant for next winter.",
   "Seed merchants reported a rush of orders for maize and spring beans, which can be sown later, and warned that prices would rise if the weather did not improve.",
   "The farmers' union has asked the government to relax the rules on crop rotation this year so that growers are not penalised for fields they could not plant."]),
  ("Magistrates close courthouse after two centuries", [
   "The magistrates' court in Ashby Cross heard its last case on Friday, closing a courthouse that has dispensed local justice since the reign of George the Third.",
   "Cases will now be heard forty miles away in the county town, a change that lawyers said would make it harder for witnesses and defendants without cars to attend.",
   "The final hearing was a dispute over a boundary hedge between two smallholders, which the bench adjourned after both sides agreed to meet a mediator.",
   "The ministry of justice said the building was too costly to repair and too rarely used, sitting on average only two days a week over the past three years.",
   "The town council hopes to buy the courthouse and turn its panelled courtroom into a space for concerts, weddings and the valley's amateur dramatic society."]),
  ("Choir from Ashby wins national competition", [
   "A community choir from Ashby Cross that was formed in a church hall five years ago has won the open category at the national choral festival in the capital.",
   "The forty singers, who include a retired postman, two sheep farmers and a sixteen-year-old schoolgirl, performed a set of folk songs arranged by their conductor.",
   "Conductor Ifan Morgan said the choir had rehearsed every Tuesday night through the winter and had raised the money for the coach trip with cake sales.",
   "The judges praised the choir's blend and its unaccompanied singing, and awarded it a trophy and a prize of two thousand pounds to spend on music and training.",
   "The choir will sing a homecoming concert in the market square next Saturday, weather permitting, with proceeds going to the valley's air ambulance."]),
 ],
 "metro-ledger": [
  ("Council approves protected bike lanes downtown", [
   "The city council voted nine to four on Wednesday to build protected bike lanes along six miles of downtown streets, the largest expansion of the network in a decade.",
   "The lanes will be separated from traffic by concrete curbs and planters, and will remove about three hundred parking spaces, most of them on Grand Avenue.",
   "Council member Rosa Delgado said the vote would save lives after four cyclists were killed on downtown streets last year, more than in the previous five years combined.",
   "Business owners on Grand Avenue had lobbied against the plan, arguing that the loss of parking would drive shoppers to the malls on the edge of the city.",
   "Construction is expected to begin in the spring and to take about eighteen months, with the first stretch opening on Fifth Street before the end of next year."]),
  ("Night market draws crowds to empty parking lot", [
   "A night market that opened in an empty parking lot behind the old train station drew more than ten thousand visitors on its first weekend, organisers said.",
   "Around sixty stalls sold dumplings, tacos, grilled corn, handmade jewellery and secondhand records under strings of lights until well after midnight.",
   "Organiser Kenji Watanabe said he had borrowed the idea from the markets of his childhood in Osaka and had spent two years persuading the city to lend the lot.",
   "Neighbours complained about noise and litter on social media, and the organisers promised more bins and an earlier closing time for the amplified music.",
   "The market will run every Friday and Saturday through the end of October, after which the city plans to begin building affordable housing on the site."]),
  ("Library system ends late fees for good", [
   "The city's public library system will no longer charge late fees on overdue books, after a pilot programme found that fines kept poorer readers away.",
   "The library board said about one in five cardholders in the city's poorest neighbourhoods had their accounts blocked because of unpaid fines, mostly under ten dollars.",
   "After fees were suspended for a year in three branches, returns of overdue books rose by a quarter and thousands of blocked readers came back, the board said.",
   "Librarian Denise Okafor said the fines had cost more to collect than they brought in and had taught children that the library was a place to be afraid of.",
   "Borrowers who lose a book will still be asked to pay for a replacement, but all existing fines will be cancelled from the first of next month."]),
  ("Driverless shuttle begins trial on waterfront loop", [
   "A driverless electric shuttle began carrying passengers on a two-mile loop along the waterfront on Monday, the first such trial on public streets in the state.",
   "The boxy white vehicle seats eight people, travels no faster than fifteen miles an hour and carries a safety attendant who can stop it with a red button.",
   "Transit director Paul Lindqvist said the year-long trial would test whether small automated shuttles could link the ferry terminal with bus routes more cheaply than vans.",
   "Riders on the first morning were mostly curious commuters and tourists, and the shuttle braked sharply twice when pigeons landed in front of its sensors.",
   "The drivers' union said it would watch the trial closely and opposed any plan to replace operators on the city's regular bus routes with automated vehicles."]),
 ],
}

def page_html(site, title, paras, url):
    s = sites[site]
    nav = "\n".join(f'      <li><a href="/{i}">{html.escape(n)}</a></li>' for i, n in enumerate(s["nav"]))
    rel = "\n".join(f'      <li><a href="/r{i}">{html.escape(r)}</a></li>' for i, r in enumerate(s["related"]))
    body = "\n".join(f"    <p>{html.escape(p)}</p>" for p in paras)
    foot = "\n".join(f"    <p>{html.escape(f)}</p>" for f in s["footer"])
    # Two of the sites put their newsletter box and a list of other stories inside the article body as plain
    # paragraphs, as many CMS templates do, so the extractor keeps them.
    inline = site != "harbour-gazette"
    if inline:
        plain = "\n".join(f"    <p>{html.escape(r)}</p>" for r in s["related"])
        asides = f"""    <p>{html.escape(s['newsletter'])}</p>
    <p>More from the {html.escape(s['name'].removeprefix('The '))}</p>
{plain}"""
    else:
        asides = f"""  <aside class="newsletter"><h2>Newsletter</h2><p>{html.escape(s['newsletter'])}</p><form><input type="email"><button>Sign up</button></form></aside>
  <aside class="related"><h2>Related stories</h2><ul>
{rel}
    </ul></aside>"""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)} | {html.escape(s['name'])}</title>
  <link rel="canonical" href="{url}">
</head>
<body>
  <header><div class="logo">{html.escape(s['name'])}</div>
    <nav><ul>
{nav}
    </ul></nav>
  </header>
  <main>
  <article>
    <h1>{html.escape(title)}</h1>
{body}
{asides if inline else ""}
  </article>
{"" if inline else asides}
  </main>
  <footer>
{foot}
  </footer>
</body>
</html>
"""

def page_text(site, title, paras):
    # What a page keeps when the extractor leaves the furniture in: every block on its own line.
    s = sites[site]
    lines = [s["name"]] + s["nav"] + ["", title, ""] + ["\n\n".join(paras), "", "Newsletter", s["newsletter"], "Sign up", "", "Related stories"] + s["related"] + [""] + s["footer"]
    return "\n".join(lines) + "\n"

for site, arts in articles.items():
    pages = list(arts)
    if site == "valley-courier":
        pages.append(articles["harbour-gazette"][0])  # the real copy: site A's article republished with site B's furniture
    os.makedirs(f"{out}/{site}", exist_ok=True)
    for i, (title, paras) in enumerate(pages, 1):
        url = f"https://{sites[site]['host']}/news/{i}"
        open(f"{out}/{site}/page{i}.html", "w").write(page_html(site, title, paras, url))
        open(f"{out}/{site}/page{i}.txt", "w").write(page_text(site, title, paras))
