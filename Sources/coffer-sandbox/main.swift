import CofferCLI

// `coffer-sandbox ARGS` is `coffer sandbox serve ARGS`: the process `coffer sandbox up` starts.
await Coffer.sandboxServeMain()
