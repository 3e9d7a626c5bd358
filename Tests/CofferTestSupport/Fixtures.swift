public import CofferCore
