/* The built-in <std_connector.camkes>: the connector types an assembly may use after
 * `import <std_connector.camkes>;`.  Plural ends (Procedures, Events, Dataports) accept
 * several `from`/`to` ends in one connection; `Hardware` ends must belong to a component
 * declared `hardware;`. */
#include "camkes.h"

const char camkes_std_connector_name[] = "<builtin>/std_connector.camkes";

const char camkes_std_connector_text[] =
    "/* Standard CAmkES connectors. */\n"
    "connector seL4RPCCall { from Procedures; to Procedure; }\n"
    "connector seL4RPCOverMultiSharedData { from Procedures; to Procedure; }\n"
    "connector seL4Notification { from Events; to Event; }\n"
    "connector seL4SharedData { from Dataports; to Dataports; }\n"
    "connector seL4HardwareMMIO { from Dataports; to Hardware Dataport; }\n"
    "connector seL4HardwareInterrupt { from Hardware Events; to Event; }\n"
    "\n"
    "/* CantripOS connectors. */\n"
    "connector cantripRPCCall { from Procedures; to Procedure; }\n"
    "connector cantripRPCCallSignal { from Procedures; to Procedure; }\n"
    "connector cantripRPCOverMultiSharedData { from Procedures; to Procedure; }\n"
    "connector cantripSharedData { from Dataport; to Dataport; }\n"
    "connector cantripMMIO { from Dataports; to Hardware Dataport; }\n"
    "connector cantripIRQ { from Hardware Events; to Event; }\n"
    "connector cantripNotification { from Events; to Event; }\n";
