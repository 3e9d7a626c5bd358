import CofferCLI

await Coffer.main()
